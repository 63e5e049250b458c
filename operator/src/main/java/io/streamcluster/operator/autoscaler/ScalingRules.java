package io.streamcluster.operator.autoscaler;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How one direction (up or down) may scale, as autoscaling/v2's {@code HPAScalingRules}: a
 * stabilization window over past recommendations, and rate policies combined by a select policy.
 */
public record ScalingRules(
    Duration stabilizationWindow, SelectPolicy selectPolicy, List<ScalingPolicy> policies) {

  /** Which policy wins when several allow different changes. */
  public enum SelectPolicy {
    /** The policy that allows the largest change. */
    MAX,
    /** The policy that allows the smallest change. */
    MIN,
    /** No scaling in this direction at all. */
    DISABLED
  }

  public ScalingRules {
    Objects.requireNonNull(stabilizationWindow, "stabilizationWindow");
    Objects.requireNonNull(selectPolicy, "selectPolicy");
    policies = List.copyOf(policies);
    if (stabilizationWindow.isNegative()
        || stabilizationWindow.compareTo(Duration.ofHours(1)) > 0) {
      throw new IllegalArgumentException(
          "a stabilization window must be within [0, 1 h]: " + stabilizationWindow);
    }
    if (policies.isEmpty() && selectPolicy != SelectPolicy.DISABLED) {
      throw new IllegalArgumentException("scaling rules need at least one policy unless disabled");
    }
  }

  /** HPA's default for scaling up: at once, by the larger of 100% and 4 edges every 15 s. */
  public static ScalingRules hpaDefaultScaleUp() {
    return new ScalingRules(
        Duration.ZERO,
        SelectPolicy.MAX,
        List.of(
            ScalingPolicy.percent(100, Duration.ofSeconds(15)),
            ScalingPolicy.pods(4, Duration.ofSeconds(15))));
  }

  /** HPA's default for scaling down: a 300 s window, then by up to 100% every 15 s. */
  public static ScalingRules hpaDefaultScaleDown() {
    return new ScalingRules(
        Duration.ofSeconds(300),
        SelectPolicy.MAX,
        List.of(ScalingPolicy.percent(100, Duration.ofSeconds(15))));
  }

  Duration longestPeriod() {
    return policies.stream()
        .map(ScalingPolicy::period)
        .max(Duration::compareTo)
        .orElse(Duration.ZERO);
  }
}
