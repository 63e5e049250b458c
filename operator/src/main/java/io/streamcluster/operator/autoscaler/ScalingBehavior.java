package io.streamcluster.operator.autoscaler;

import java.util.Objects;
import java.util.Optional;

/**
 * The scale-up and scale-down rules, as autoscaling/v2's {@code HorizontalPodAutoscalerBehavior},
 * and, beyond HPA, whether scaling up looks ahead ({@link PredictiveScaleUp}); without it the
 * algorithm is exactly HPA's.
 */
public record ScalingBehavior(
    ScalingRules scaleUp, ScalingRules scaleDown, Optional<PredictiveScaleUp> predictive) {

  /** What an HPA does when no behavior is given. */
  public static final ScalingBehavior HPA_DEFAULT =
      new ScalingBehavior(ScalingRules.hpaDefaultScaleUp(), ScalingRules.hpaDefaultScaleDown());

  public ScalingBehavior {
    Objects.requireNonNull(scaleUp, "scaleUp");
    Objects.requireNonNull(scaleDown, "scaleDown");
    Objects.requireNonNull(predictive, "predictive");
  }

  /** HPA's behavior: rules for each direction, no look-ahead. */
  public ScalingBehavior(ScalingRules scaleUp, ScalingRules scaleDown) {
    this(scaleUp, scaleDown, Optional.empty());
  }

  public ScalingBehavior withScaleUp(ScalingRules rules) {
    return new ScalingBehavior(rules, scaleDown, predictive);
  }

  public ScalingBehavior withScaleDown(ScalingRules rules) {
    return new ScalingBehavior(scaleUp, rules, predictive);
  }

  public ScalingBehavior withPredictive(PredictiveScaleUp lookAhead) {
    return new ScalingBehavior(scaleUp, scaleDown, Optional.of(lookAhead));
  }
}
