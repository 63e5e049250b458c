package io.streamcluster.operator.autoscaler;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * How fast viewers are arriving: the growth of the demand (subscribers and the viewers waiting for
 * an edge) per second over the last sync periods. Only growth counts; an audience that shrinks has
 * a join rate of 0. The steeper of the last period and the last {@link #PERIODS} periods is taken,
 * so that a surge that starts is seen at the first reading that has it, and a short lull within a
 * surge does not hide it.
 */
final class JoinRate {

  /** How many sync periods back the slower estimate looks. */
  static final int PERIODS = 3;

  private record Reading(Instant time, long demand) {}

  private final Deque<Reading> readings = new ArrayDeque<>();

  void observe(Instant time, long demand) {
    if (!readings.isEmpty() && !time.isAfter(readings.peekLast().time())) {
      return;
    }
    readings.addLast(new Reading(time, demand));
    while (readings.size() > PERIODS + 1) {
      readings.removeFirst();
    }
  }

  /** Viewers arriving per second; 0 before two readings. */
  double perSecond() {
    if (readings.size() < 2) {
      return 0;
    }
    Reading newest = readings.peekLast();
    Reading previous = readings.stream().skip(readings.size() - 2L).findFirst().orElseThrow();
    return Math.max(slope(previous, newest), slope(readings.peekFirst(), newest));
  }

  private static double slope(Reading from, Reading to) {
    double seconds = Duration.between(from.time(), to.time()).toMillis() / 1000.0;
    return seconds <= 0 ? 0 : Math.max(0, (to.demand() - from.demand()) / seconds);
  }
}
