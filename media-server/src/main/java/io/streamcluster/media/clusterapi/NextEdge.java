package io.streamcluster.media.clusterapi;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * {@code GET /api/v1/edges/next}: the edge a player should use, with ready-made play URLs when the
 * request named a stream.
 *
 * @param address {@code host:rtmpPort}, as {@code GET /cluster} answers
 * @param rtmpUrl {@code rtmp://host:rtmpPort/live/<stream>}; absent without a stream
 * @param flvUrl {@code http://host:httpPort/live/<stream>.flv}; absent without a stream
 */
public record NextEdge(
    String id,
    String host,
    int rtmpPort,
    int httpPort,
    String address,
    @JsonInclude(JsonInclude.Include.NON_NULL) String rtmpUrl,
    @JsonInclude(JsonInclude.Include.NON_NULL) String flvUrl) {

  /** The answer that sends a player of {@code stream} (may be null) to {@code edge}. */
  public static NextEdge to(EdgeView edge, String stream) {
    String host = edge.host();
    return new NextEdge(
        edge.id(),
        host,
        edge.rtmpPort(),
        edge.httpPort(),
        edge.rtmpAddress(),
        stream == null ? null : "rtmp://" + host + ":" + edge.rtmpPort() + "/live/" + stream,
        stream == null
            ? null
            : "http://" + host + ":" + edge.httpPort() + "/live/" + stream + ".flv");
  }
}
