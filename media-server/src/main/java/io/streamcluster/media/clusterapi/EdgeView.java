package io.streamcluster.media.clusterapi;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Map;

/**
 * One edge as an origin sees it: an entry of {@link ClusterView#edges()}.
 *
 * @param state {@code ready}, {@code draining} (asked to, or says so), or {@code gone} (silent for
 *     the TTL)
 * @param subscribers players at its last check-in, plus those handed to it and not yet seen in its
 *     check-ins when the origin picks the next edge
 * @param lastCheckIn when the origin last heard from it
 * @param rtmpsPort its RTMPS port; 0 (absent from the JSON) when it has no TLS
 * @param httpsPort its HTTPS port; 0 (absent from the JSON) when it has no TLS
 * @param firstCheckIn when the origin first heard from it: the end of the edge's start-up, which
 *     the autoscaler measures (absent from origins that predate it)
 */
public record EdgeView(
    String id,
    String host,
    int rtmpPort,
    int httpPort,
    EdgeState state,
    int subscribers,
    int capacity,
    Map<String, Integer> streams,
    long bytesOut,
    Instant lastCheckIn,
    @JsonInclude(JsonInclude.Include.NON_DEFAULT) int rtmpsPort,
    @JsonInclude(JsonInclude.Include.NON_DEFAULT) int httpsPort,
    Instant firstCheckIn) {

  public EdgeView {
    streams = streams == null ? Map.of() : Map.copyOf(streams);
  }

  /** An edge without TLS, first heard from at {@code firstCheckIn}. */
  public EdgeView(
      String id,
      String host,
      int rtmpPort,
      int httpPort,
      EdgeState state,
      int subscribers,
      int capacity,
      Map<String, Integer> streams,
      long bytesOut,
      Instant lastCheckIn,
      Instant firstCheckIn) {
    this(
        id,
        host,
        rtmpPort,
        httpPort,
        state,
        subscribers,
        capacity,
        streams,
        bytesOut,
        lastCheckIn,
        0,
        0,
        firstCheckIn);
  }

  /** An edge without TLS, its start-up unknown. */
  public EdgeView(
      String id,
      String host,
      int rtmpPort,
      int httpPort,
      EdgeState state,
      int subscribers,
      int capacity,
      Map<String, Integer> streams,
      long bytesOut,
      Instant lastCheckIn) {
    this(
        id,
        host,
        rtmpPort,
        httpPort,
        state,
        subscribers,
        capacity,
        streams,
        bytesOut,
        lastCheckIn,
        null);
  }

  /** {@code host:rtmpPort}, what {@code GET /cluster} answers. */
  public String rtmpAddress() {
    return host + ":" + rtmpPort;
  }

  /** Whether the edge serves RTMPS and HTTPS. */
  public boolean hasTls() {
    return rtmpsPort > 0 && httpsPort > 0;
  }

  /** {@code host:rtmpsPort}, what {@code GET /cluster?tls=true} answers. */
  public String rtmpsAddress() {
    return host + ":" + rtmpsPort;
  }
}
