package io.streamcluster.media.clusterapi;

/**
 * The origin's answer to a check-in.
 *
 * @param drain true when the edge was asked to drain (through the origin's drain call)
 * @param ttlSeconds how long the origin keeps the edge in rotation without another check-in
 */
public record CheckInReply(boolean drain, long ttlSeconds) {}
