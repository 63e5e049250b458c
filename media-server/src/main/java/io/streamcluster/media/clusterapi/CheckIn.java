package io.streamcluster.media.clusterapi;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/**
 * An edge's periodic report to an origin ({@code POST /api/v1/edges/{id}/checkin}).
 *
 * @param id the edge's id (its pod name in Kubernetes)
 * @param host the address players use to reach the edge
 * @param rtmpPort the edge's RTMP port
 * @param httpPort the edge's HTTP port
 * @param state ready or draining
 * @param subscribers players on the edge in total
 * @param capacity the most players the edge accepts
 * @param streams players per stream
 * @param bytesOut bytes sent to players since the edge started
 * @param rtmpsPort the edge's RTMPS port; 0 (and absent from the JSON) without TLS
 * @param httpsPort the edge's HTTPS port; 0 (and absent from the JSON) without TLS
 */
public record CheckIn(
    String id,
    String host,
    int rtmpPort,
    int httpPort,
    EdgeState state,
    int subscribers,
    int capacity,
    Map<String, Integer> streams,
    long bytesOut,
    @JsonInclude(JsonInclude.Include.NON_DEFAULT) int rtmpsPort,
    @JsonInclude(JsonInclude.Include.NON_DEFAULT) int httpsPort) {

  public CheckIn {
    streams = streams == null ? Map.of() : Map.copyOf(streams);
  }

  /** A check-in of an edge without TLS. */
  public CheckIn(
      String id,
      String host,
      int rtmpPort,
      int httpPort,
      EdgeState state,
      int subscribers,
      int capacity,
      Map<String, Integer> streams,
      long bytesOut) {
    this(id, host, rtmpPort, httpPort, state, subscribers, capacity, streams, bytesOut, 0, 0);
  }
}
