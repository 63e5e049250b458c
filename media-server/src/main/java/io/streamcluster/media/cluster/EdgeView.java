package io.streamcluster.media.cluster;

import java.time.Instant;
import java.util.Map;

/**
 * One edge as an origin sees it, for the cluster API.
 *
 * @param lastCheckIn when the origin last heard from it
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
    Instant lastCheckIn) {

  /** Whether the rotation may hand this edge out now. */
  boolean available() {
    return state == EdgeState.READY && subscribers < capacity;
  }

  boolean carries(String stream) {
    return streams.getOrDefault(stream, 0) > 0;
  }

  double load() {
    return capacity <= 0 ? 1 : (double) subscribers / capacity;
  }

  String rtmpAddress() {
    return host + ":" + rtmpPort;
  }
}
