package io.streamcluster.media.clusterapi;

/**
 * {@code POST /api/v1/edges/{id}/drain} answered 200: the edge is out of the rotation and is told
 * to drain at its next check-in. An origin that never heard of the edge answers 404.
 */
public record DrainReply(String id, EdgeState state) {}
