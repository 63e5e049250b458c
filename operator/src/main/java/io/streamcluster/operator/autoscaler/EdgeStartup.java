package io.streamcluster.operator.autoscaler;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * How long a new edge takes from the scale-up that asked for it to its first check-in: pulling the
 * image, perhaps a new node, starting the JVM, checking in. Each edge asked for waits in a queue
 * with the time it was asked for; each edge that checks in for the first time takes the oldest
 * request off the queue and gives one sample. The estimate is the longest of the recent samples (an
 * edge that comes late costs refused viewers, one that comes early only some edge-seconds), and
 * never shorter than the wait of the oldest edge still missing: edges slower than measured so far
 * make the estimate grow while they are awaited.
 */
final class EdgeStartup {

  /** Samples kept: the last few scale-ups, so that a slower platform is noticed quickly. */
  static final int SAMPLES = 8;

  private final Deque<Instant> requested = new ArrayDeque<>();
  private final Deque<Duration> samples = new ArrayDeque<>();
  private final Set<String> known = new HashSet<>();
  private Duration assumed;
  private boolean observed;

  EdgeStartup(Duration assumed) {
    this.assumed = assumed;
  }

  void assume(Duration newAssumption) {
    this.assumed = newAssumption;
  }

  /**
   * Takes in the edges in the rotation now. The first time, edges asked for (the current edges)
   * that have not checked in count as requested now, so that even the cluster's first edges give a
   * sample.
   */
  void observe(Instant now, int currentEdges, Map<String, Instant> readyEdges) {
    if (!observed) {
      observed = true;
      known.addAll(readyEdges.keySet());
      requested(now, currentEdges - readyEdges.size());
      return;
    }
    List<Map.Entry<String, Instant>> arrivals =
        readyEdges.entrySet().stream()
            .filter(e -> !known.contains(e.getKey()))
            .sorted(Map.Entry.comparingByValue(Comparator.naturalOrder()))
            .toList();
    for (Map.Entry<String, Instant> arrival : arrivals) {
      Instant asked = requested.pollFirst();
      if (asked != null) {
        Duration took = Duration.between(asked, arrival.getValue());
        samples.addLast(took.isNegative() ? Duration.ZERO : took);
        if (samples.size() > SAMPLES) {
          samples.removeFirst();
        }
      }
    }
    known.retainAll(readyEdges.keySet());
    known.addAll(readyEdges.keySet());
    // requests the platform no longer carries out (a scale-in, an edge that replaced a lost one)
    int missing = Math.max(0, currentEdges - readyEdges.size());
    while (requested.size() > missing) {
      requested.removeLast();
    }
  }

  /** {@code edges} more edges were asked for at {@code at}. */
  void requested(Instant at, int edges) {
    for (int i = 0; i < edges; i++) {
      requested.addLast(at);
    }
  }

  /** The start-up time to plan with at {@code now}. */
  Duration estimate(Instant now) {
    Duration estimate = samples.isEmpty() ? assumed : Collections.max(samples);
    Instant oldest = requested.peekFirst();
    if (oldest != null) {
      Duration waited = Duration.between(oldest, now);
      if (waited.compareTo(estimate) > 0) {
        estimate = waited;
      }
    }
    return estimate;
  }

  /** Whether the estimate rests on measured start-ups, not on the assumption. */
  boolean measured() {
    return !samples.isEmpty();
  }

  /** Edges asked for that have not checked in yet. */
  int pending() {
    return requested.size();
  }

  /** When the first of the pending edges should check in, if any is pending. */
  Optional<Instant> firstExpected(Instant now) {
    Instant oldest = requested.peekFirst();
    return oldest == null ? Optional.empty() : Optional.of(oldest.plus(estimate(now)));
  }
}
