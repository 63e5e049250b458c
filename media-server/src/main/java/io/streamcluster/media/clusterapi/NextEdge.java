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
 * @param rtmpsPort the edge's RTMPS port; absent when it has no TLS
 * @param httpsPort the edge's HTTPS port; absent when it has no TLS
 * @param rtmpsUrl {@code rtmps://host:rtmpsPort/live/<stream>}; absent without a stream or TLS
 * @param httpsFlvUrl {@code https://host:httpsPort/live/<stream>.flv}; absent without a stream or
 *     TLS
 * @param httpsHlsUrl the HLS playlist over HTTPS; absent without a stream or TLS
 * @param httpsPlayerUrl the web player over HTTPS; absent without a stream or TLS
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
    @JsonInclude(JsonInclude.Include.NON_NULL) String playerUrl,
    @JsonInclude(JsonInclude.Include.NON_DEFAULT) int rtmpsPort,
    @JsonInclude(JsonInclude.Include.NON_DEFAULT) int httpsPort,
    @JsonInclude(JsonInclude.Include.NON_NULL) String rtmpsUrl,
    @JsonInclude(JsonInclude.Include.NON_NULL) String httpsFlvUrl,
    @JsonInclude(JsonInclude.Include.NON_NULL) String httpsHlsUrl,
    @JsonInclude(JsonInclude.Include.NON_NULL) String httpsPlayerUrl) {

  /** The answer that sends a player of {@code stream} (may be null) to {@code edge}. */
  public static NextEdge to(EdgeView edge, String stream) {
    boolean named = stream != null;
    boolean tls = named && edge.hasTls();
    String http = base("http", edge, edge.httpPort());
    String https = edge.hasTls() ? base("https", edge, edge.httpsPort()) : null;
    return new NextEdge(
        edge.id(),
        edge.host(),
        edge.rtmpPort(),
        edge.httpPort(),
        edge.rtmpAddress(),
        named ? base("rtmp", edge, edge.rtmpPort()) + "/live/" + stream : null,
        named ? http + "/live/" + stream + ".flv" : null,
        named ? http + "/live/" + stream + "/index.m3u8" : null,
        named ? http + "/play/" + stream : null,
        edge.hasTls() ? edge.rtmpsPort() : 0,
        edge.hasTls() ? edge.httpsPort() : 0,
        tls ? base("rtmps", edge, edge.rtmpsPort()) + "/live/" + stream : null,
        tls ? https + "/live/" + stream + ".flv" : null,
        tls ? https + "/live/" + stream + "/index.m3u8" : null,
        tls ? https + "/play/" + stream : null);
  }

  /** {@code http://host:httpPort} of the edge (an IPv6 host in brackets). */
  public static String httpBase(EdgeView edge) {
    return base("http", edge, edge.httpPort());
  }

  /** {@code https://host:httpsPort} of an edge with TLS (an IPv6 host in brackets). */
  public static String httpsBase(EdgeView edge) {
    return base("https", edge, edge.httpsPort());
  }

  private static String base(String scheme, EdgeView edge, int port) {
    String host = edge.host().indexOf(':') >= 0 ? "[" + edge.host() + "]" : edge.host();
    return scheme + "://" + host + ":" + port;
  }
}
