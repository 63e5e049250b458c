package io.streamcluster.operator.autoscaler;

import java.time.Instant;
import java.util.Map;

/**
 * What the scaling loop read at one sync.
 *
 * @param subscribers the players on every edge that is not gone: what HPA's algorithm scales on
 * @param waitingViewers viewers the origins are holding because every edge is full: demand that has
 *     not become subscribers yet (0 where the origins do not hold viewers)
 * @param readyEdges the edges in the rotation, each with the time it first checked in: how the
 *     autoscaler measures how long a new edge takes to start
 */
public record LoadReading(long subscribers, long waitingViewers, Map<String, Instant> readyEdges) {

  public LoadReading {
    if (subscribers < 0 || waitingViewers < 0) {
      throw new IllegalArgumentException(
          "negative subscribers or waiting viewers: " + subscribers + ", " + waitingViewers);
    }
    readyEdges = Map.copyOf(readyEdges);
  }

  /** Only the subscriber count, as HPA's algorithm needs it. */
  public static LoadReading of(long subscribers) {
    return new LoadReading(subscribers, 0, Map.of());
  }

  /** The viewers there are: on an edge or waiting for one. */
  public long demand() {
    return subscribers + waitingViewers;
  }
}
