package io.streamcluster.operator.autoscaler;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Collection;
import java.util.Comparator;
import java.util.Objects;
import java.util.Optional;

/**
 * Capacity held for a known event: from {@code lead} before its start until its end, at least
 * {@code minEdges} edges, or the edges that carry {@code viewers} at the target. A reactive
 * autoscaler cannot catch a crowd that arrives faster than edges start (a new node takes minutes);
 * one told the time can have the edges ready.
 *
 * @param name how status and events call it
 * @param start when the event starts
 * @param holdFrom when the edges are raised: {@code lead} before the start
 * @param holdUntil when the hold ends; the autoscaler's usual scale-in follows
 * @param minEdges edges to hold, or 0 when {@code viewers} says it
 * @param viewers viewers to hold room for, or 0 when {@code minEdges} says it
 */
public record CapacitySchedule(
    String name, Instant start, Instant holdFrom, Instant holdUntil, int minEdges, long viewers) {

  public CapacitySchedule {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(holdFrom, "holdFrom");
    Objects.requireNonNull(holdUntil, "holdUntil");
    if (!holdUntil.isAfter(start)) {
      throw new IllegalArgumentException(
          "schedule " + name + ": the end " + holdUntil + " must come after the start " + start);
    }
    if (holdFrom.isAfter(start)) {
      throw new IllegalArgumentException("schedule " + name + ": the hold begins after the start");
    }
    if ((minEdges > 0) == (viewers > 0) || minEdges < 0 || viewers < 0) {
      throw new IllegalArgumentException(
          "schedule " + name + ": give either minEdges or viewers, a positive number");
    }
  }

  /**
   * A schedule written as people write event times: {@code start} and {@code end} as local times
   * ({@code 2026-12-24T20:00}) in {@code zone}, or with an offset ({@code 2026-12-24T20:00+01:00},
   * {@code ...Z}), which the zone does not change. Around a change of the clocks the hold errs on
   * the long side: a start that happens twice (clocks going back) is the first, an end that happens
   * twice the second; a time that does not happen (clocks going forward) is moved forward by the
   * gap, as the clocks are.
   */
  public static CapacitySchedule inZone(
      String name,
      String start,
      String end,
      ZoneId zone,
      Duration lead,
      int minEdges,
      long viewers) {
    if (lead.isNegative()) {
      throw new IllegalArgumentException("schedule " + name + ": a negative lead: " + lead);
    }
    Instant from = instant(name, "start", start, zone, true);
    Instant until = instant(name, "end", end, zone, false);
    return new CapacitySchedule(name, from, from.minus(lead), until, minEdges, viewers);
  }

  private static Instant instant(
      String name, String field, String text, ZoneId zone, boolean earlier) {
    try {
      if (hasOffset(text)) {
        return OffsetDateTime.parse(text).toInstant();
      }
      ZonedDateTime local = LocalDateTime.parse(text).atZone(zone);
      return (earlier ? local.withEarlierOffsetAtOverlap() : local.withLaterOffsetAtOverlap())
          .toInstant();
    } catch (DateTimeException e) {
      throw new IllegalArgumentException(
          "schedule "
              + name
              + ": "
              + field
              + " '"
              + text
              + "' is not a date and time such as 2026-12-24T20:00 or 2026-12-24T20:00:00+01:00",
          e);
    }
  }

  /** {@code Z} or {@code ±hh:mm} after the time (the date's dashes come before the {@code T}). */
  private static boolean hasOffset(String text) {
    int time = text.indexOf('T');
    if (time < 0) {
      return false;
    }
    String clock = text.substring(time);
    return clock.endsWith("Z") || clock.endsWith("z") || clock.contains("+") || clock.contains("-");
  }

  /** Whether the hold is on at {@code now}. */
  public boolean activeAt(Instant now) {
    return !now.isBefore(holdFrom) && now.isBefore(holdUntil);
  }

  /** The edges the hold asks for at {@code target} subscribers per edge. */
  public int edges(long target) {
    return minEdges > 0
        ? minEdges
        : ScalingPolicy.saturatedInt(ScalingPolicy.ceilDiv(viewers, target));
  }

  /** What the schedule holds, for a person: "14 edges" or "room for 20000 viewers". */
  public String holds() {
    return minEdges > 0
        ? (minEdges == 1 ? "1 edge" : minEdges + " edges")
        : "room for " + viewers + " viewers";
  }

  /** The active schedule that asks for the most edges at {@code now}, if any is active. */
  public static Optional<CapacitySchedule> strongestAt(
      Collection<CapacitySchedule> schedules, Instant now, long target) {
    return schedules.stream()
        .filter(s -> s.activeAt(now))
        .max(Comparator.comparingInt((CapacitySchedule s) -> s.edges(target)));
  }

  /** The schedule whose hold begins next after {@code now}, if any is still to come. */
  public static Optional<CapacitySchedule> nextAfter(
      Collection<CapacitySchedule> schedules, Instant now) {
    return schedules.stream()
        .filter(s -> s.holdFrom().isAfter(now))
        .min(Comparator.comparing(CapacitySchedule::holdFrom));
  }
}
