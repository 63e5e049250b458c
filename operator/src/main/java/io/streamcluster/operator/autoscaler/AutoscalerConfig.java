package io.streamcluster.operator.autoscaler;

import java.util.List;
import java.util.Objects;

/**
 * What the autoscaler aims at and within which bounds.
 *
 * @param minEdges never fewer edges than this (at least 1)
 * @param maxEdges never more edges than this
 * @param targetSubscribersPerEdge the average load per edge to aim at
 * @param tolerance how far (as a fraction) the load may stray from the target before anything
 *     changes; HPA's default is 0.1
 * @param behavior stabilization windows and rate policies for each direction
 * @param schedules capacity held for known events, over and above {@code minEdges}
 */
public record AutoscalerConfig(
    int minEdges,
    int maxEdges,
    long targetSubscribersPerEdge,
    double tolerance,
    ScalingBehavior behavior,
    List<CapacitySchedule> schedules) {

  public static final double DEFAULT_TOLERANCE = 0.1;

  public AutoscalerConfig {
    Objects.requireNonNull(behavior, "behavior");
    schedules = List.copyOf(schedules);
    if (minEdges < 1) {
      throw new IllegalArgumentException("minEdges must be at least 1: " + minEdges);
    }
    if (maxEdges < minEdges) {
      throw new IllegalArgumentException(
          "maxEdges (" + maxEdges + ") must not be below minEdges (" + minEdges + ")");
    }
    if (targetSubscribersPerEdge < 1) {
      throw new IllegalArgumentException(
          "targetSubscribersPerEdge must be positive: " + targetSubscribersPerEdge);
    }
    if (!(tolerance >= 0 && tolerance < 1)) {
      throw new IllegalArgumentException("tolerance must be within [0, 1): " + tolerance);
    }
  }

  /** Without schedules. */
  public AutoscalerConfig(
      int minEdges,
      int maxEdges,
      long targetSubscribersPerEdge,
      double tolerance,
      ScalingBehavior behavior) {
    this(minEdges, maxEdges, targetSubscribersPerEdge, tolerance, behavior, List.of());
  }

  /** Bounds and target with HPA's default tolerance and behavior. */
  public static AutoscalerConfig of(int minEdges, int maxEdges, long targetSubscribersPerEdge) {
    return new AutoscalerConfig(
        minEdges,
        maxEdges,
        targetSubscribersPerEdge,
        DEFAULT_TOLERANCE,
        ScalingBehavior.HPA_DEFAULT);
  }

  public AutoscalerConfig withBehavior(ScalingBehavior newBehavior) {
    return new AutoscalerConfig(
        minEdges, maxEdges, targetSubscribersPerEdge, tolerance, newBehavior, schedules);
  }

  public AutoscalerConfig withTolerance(double newTolerance) {
    return new AutoscalerConfig(
        minEdges, maxEdges, targetSubscribersPerEdge, newTolerance, behavior, schedules);
  }

  public AutoscalerConfig withSchedules(List<CapacitySchedule> newSchedules) {
    return new AutoscalerConfig(
        minEdges, maxEdges, targetSubscribersPerEdge, tolerance, behavior, newSchedules);
  }
}
