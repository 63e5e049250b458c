package io.streamcluster.media.clusterapi;

import java.time.Instant;
import java.util.Map;

/**
 * One edge as an origin sees it: an entry of {@link ClusterView#edges()}.
 *
 * @param state {@code ready}, {@code draining} (asked to, or says so), or {@code gone} (silent for
 *     the TTL)
 * @param subscribers players at its last check-in, plus those handed to it since when the origin
 *     picks the next edge
 * @param lastCheckIn when the origin last heard from it
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
    Instant firstCheckIn) {

  public EdgeView {
    streams = streams == null ? Map.of() : Map.copyOf(streams);
  }

  /** {@code host:rtmpPort}, what {@code GET /cluster} answers. */
  public String rtmpAddress() {
    return host + ":" + rtmpPort;
  }
}
