package io.streamcluster.media.clusterapi;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * {@code GET /api/v1/edges/next}: the edge a player should use, with ready-made play URLs when the
 * request named a stream.
 *
 * @param address {@code host:rtmpPort}, as {@code GET /cluster} answers
 * @param rtmpUrl {@code rtmp://host:rtmpPort/live/<stream>}; absent without a stream
 * @param flvUrl {@code http://host:httpPort/live/<stream>.flv}; absent without a stream
 * @param hlsUrl {@code http://host:httpPort/live/<stream>/index.m3u8}; absent without a stream
 * @param playerUrl {@code http://host:httpPort/play/<stream>}, the web player; absent without a
 *     stream
 */
public record NextEdge(
    String id,
    String host,
    int rtmpPort,
    int httpPort,
    String address,
    @JsonInclude(JsonInclude.Include.NON_NULL) String rtmpUrl,
    @JsonInclude(JsonInclude.Include.NON_NULL) String flvUrl,
    @JsonInclude(JsonInclude.Include.NON_NULL) String hlsUrl,
    @JsonInclude(JsonInclude.Include.NON_NULL) String playerUrl) {

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
            : "http://" + host + ":" + edge.httpPort() + "/live/" + stream + ".flv",
        stream == null ? null : httpBase(edge) + "/live/" + stream + "/index.m3u8",
        stream == null ? null : httpBase(edge) + "/play/" + stream);
  }

  /** {@code http://host:httpPort} of the edge (an IPv6 host in brackets). */
  public static String httpBase(EdgeView edge) {
    String host = edge.host().indexOf(':') >= 0 ? "[" + edge.host() + "]" : edge.host();
    return "http://" + host + ":" + edge.httpPort();
  }
}
