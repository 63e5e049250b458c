package io.streamcluster.media.clusterapi;

import java.util.List;

/**
 * {@code GET /api/v1/cluster}: what one origin knows of the cluster. Every origin knows every edge,
 * since edges check in with all of them; each knows only its own streams.
 *
 * @param origin this origin
 * @param peers the other origins ({@code host:internalPort}) it asks before accepting a publisher
 * @param streams the streams on this origin
 * @param edges every edge that checked in lately, by id
 * @param edgesReady the edges in {@code ready} state
 * @param subscribers players on every edge that is not gone: the figure the autoscaler scales on
 * @param edgeTtlSeconds how long a silent edge stays in the rotation
 * @param refusals viewers this origin answered 503 because no edge had room, since it started
 * @param waitingViewers viewers this origin holds right now until an edge has room
 */
public record ClusterView(
    OriginView origin,
    List<String> peers,
    List<StreamView> streams,
    List<EdgeView> edges,
    long edgesReady,
    long subscribers,
    long edgeTtlSeconds,
    long refusals,
    long waitingViewers) {

  public ClusterView {
    peers = peers == null ? List.of() : List.copyOf(peers);
    streams = streams == null ? List.of() : List.copyOf(streams);
    edges = edges == null ? List.of() : List.copyOf(edges);
  }

  /**
   * The origin answering.
   *
   * @param rtmpPort where edges pull its streams from
   */
  public record OriginView(int rtmpPort) {}

  /**
   * A stream on the origin answering.
   *
   * @param live whether it has a source right now
   * @param originSubscribers players (edges' upstreams included) attached on the origin itself
   */
  public record StreamView(String name, boolean live, int originSubscribers) {}
}
