package io.streamcluster.media.clusterapi;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * {@code GET /api/v1/edges/next}: the edge a player should use, with ready-made play URLs when the
 * request named a stream.
 *
 * @param address {@code host:rtmpPort}, as {@code GET /cluster} answers
 * @param rtmpUrl {@code rtmp://host:rtmpPort/live/<stream>}; absent without a stream
 * @param flvUrl {@code http://host:httpPort/live/<stream>.flv}; absent without a stream
 * @param rtmpsPort the edge's RTMPS port; absent when it has no TLS
 * @param httpsPort the edge's HTTPS port; absent when it has no TLS
 * @param rtmpsUrl {@code rtmps://host:rtmpsPort/live/<stream>}; absent without a stream or TLS
 * @param httpsFlvUrl {@code https://host:httpsPort/live/<stream>.flv}; absent without a stream or
 *     TLS
 */
public record NextEdge(
    String id,
    String host,
    int rtmpPort,
    int httpPort,
    String address,
    @JsonInclude(JsonInclude.Include.NON_NULL) String rtmpUrl,
    @JsonInclude(JsonInclude.Include.NON_NULL) String flvUrl,
    @JsonInclude(JsonInclude.Include.NON_DEFAULT) int rtmpsPort,
    @JsonInclude(JsonInclude.Include.NON_DEFAULT) int httpsPort,
    @JsonInclude(JsonInclude.Include.NON_NULL) String rtmpsUrl,
    @JsonInclude(JsonInclude.Include.NON_NULL) String httpsFlvUrl) {

  /** The answer that sends a player of {@code stream} (may be null) to {@code edge}. */
  public static NextEdge to(EdgeView edge, String stream) {
    String host = edge.host();
    boolean tls = edge.hasTls();
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
        tls ? edge.rtmpsPort() : 0,
        tls ? edge.httpsPort() : 0,
        stream == null || !tls
            ? null
            : "rtmps://" + host + ":" + edge.rtmpsPort() + "/live/" + stream,
        stream == null || !tls
            ? null
            : "https://" + host + ":" + edge.httpsPort() + "/live/" + stream + ".flv");
  }
}
