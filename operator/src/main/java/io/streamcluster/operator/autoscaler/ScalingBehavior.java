package io.streamcluster.operator.autoscaler;

import java.util.Objects;

/**
 * The scale-up and scale-down rules, as autoscaling/v2's {@code HorizontalPodAutoscalerBehavior}.
 */
public record ScalingBehavior(ScalingRules scaleUp, ScalingRules scaleDown) {

  /** What an HPA does when no behavior is given. */
  public static final ScalingBehavior HPA_DEFAULT =
      new ScalingBehavior(ScalingRules.hpaDefaultScaleUp(), ScalingRules.hpaDefaultScaleDown());

  public ScalingBehavior {
    Objects.requireNonNull(scaleUp, "scaleUp");
    Objects.requireNonNull(scaleDown, "scaleDown");
  }

  public ScalingBehavior withScaleUp(ScalingRules rules) {
    return new ScalingBehavior(rules, scaleDown);
  }

  public ScalingBehavior withScaleDown(ScalingRules rules) {
    return new ScalingBehavior(scaleUp, rules);
  }
}
