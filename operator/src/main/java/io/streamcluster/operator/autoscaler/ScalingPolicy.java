package io.streamcluster.operator.autoscaler;

import java.time.Duration;
import java.util.Objects;

/**
 * One limit on how much the number of edges may change within a period, as autoscaling/v2's {@code
 * HPAScalingPolicy}: {@code value} edges ({@link Type#PODS}) or {@code value} percent of the edges
 * at the start of the period ({@link Type#PERCENT}).
 */
public record ScalingPolicy(Type type, int value, Duration period) {

  /** What {@code value} counts. */
  public enum Type {
    PODS,
    PERCENT
  }

  public ScalingPolicy {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(period, "period");
    if (value <= 0) {
      throw new IllegalArgumentException("a scaling policy's value must be positive: " + value);
    }
    if (period.isNegative() || period.isZero() || period.compareTo(Duration.ofMinutes(30)) > 0) {
      throw new IllegalArgumentException(
          "a scaling policy's period must be in (0, 30 min]: " + period);
    }
  }

  public static ScalingPolicy pods(int edges, Duration period) {
    return new ScalingPolicy(Type.PODS, edges, period);
  }

  public static ScalingPolicy percent(int percent, Duration period) {
    return new ScalingPolicy(Type.PERCENT, percent, period);
  }

  /** The most edges this policy allows after scaling up from {@code periodStart} edges. */
  int scaleUpLimit(int periodStart) {
    return switch (type) {
      case PODS -> saturatedInt((long) periodStart + value);
      // rounded up, or a small fleet could never grow by a percentage
      case PERCENT -> saturatedInt(ceilDiv((long) periodStart * (100L + value), 100L));
    };
  }

  /** The fewest edges this policy allows after scaling down from {@code periodStart} edges. */
  int scaleDownLimit(int periodStart) {
    return switch (type) {
      case PODS -> periodStart - value;
      // rounded down: the removal is rounded up, as HPA does (10% of 72 removes 8)
      case PERCENT -> saturatedInt(Math.floorDiv((long) periodStart * (100L - value), 100L));
    };
  }

  static long ceilDiv(long dividend, long divisor) {
    return -Math.floorDiv(-dividend, divisor);
  }

  static int saturatedInt(long value) {
    return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, value));
  }
}
