package io.streamcluster.operator.scaleloop;

import io.streamcluster.api.v1alpha1.AutoscalingSpec;
import io.streamcluster.api.v1alpha1.ScalingBehaviorSpec;
import io.streamcluster.api.v1alpha1.ScalingPolicySpec;
import io.streamcluster.api.v1alpha1.ScalingRulesSpec;
import io.streamcluster.media.ClusterDefaults;
import io.streamcluster.operator.autoscaler.AutoscalerConfig;
import io.streamcluster.operator.autoscaler.ScalingBehavior;
import io.streamcluster.operator.autoscaler.ScalingPolicy;
import io.streamcluster.operator.autoscaler.ScalingRules;
import io.streamcluster.operator.model.InvalidSpecException;
import java.time.Duration;
import java.util.List;

/**
 * Maps a StreamCluster's {@code autoscaling} spec onto the platform-neutral autoscaler's config,
 * field by field with HPA's defaults: a direction without rules, a missing window, select policy or
 * policy list takes what an autoscaling/v2 HPA would take.
 */
public final class BehaviorAdapter {

  private BehaviorAdapter() {}

  public static AutoscalerConfig toConfig(AutoscalingSpec spec) {
    try {
      ScalingBehaviorSpec behavior = spec.getBehavior();
      var rules =
          new ScalingBehavior(
              rules(
                  behavior == null ? null : behavior.getScaleUp(),
                  ScalingRules.hpaDefaultScaleUp()),
              rules(
                  behavior == null ? null : behavior.getScaleDown(),
                  ScalingRules.hpaDefaultScaleDown()));
      return new AutoscalerConfig(
          orDefault(spec.getMinEdges(), AutoscalingSpec.DEFAULT_MIN_EDGES),
          orDefault(spec.getMaxEdges(), AutoscalingSpec.DEFAULT_MAX_EDGES),
          orDefault(
              spec.getTargetSubscribersPerEdge(), ClusterDefaults.TARGET_SUBSCRIBERS_PER_EDGE),
          AutoscalerConfig.DEFAULT_TOLERANCE,
          rules);
    } catch (IllegalArgumentException e) {
      throw new InvalidSpecException("spec.autoscaling: " + e.getMessage(), e);
    }
  }

  static ScalingRules rules(ScalingRulesSpec spec, ScalingRules hpaDefault) {
    if (spec == null) {
      return hpaDefault;
    }
    Duration window =
        spec.getStabilizationWindowSeconds() == null
            ? hpaDefault.stabilizationWindow()
            : Duration.ofSeconds(spec.getStabilizationWindowSeconds());
    ScalingRules.SelectPolicy select =
        spec.getSelectPolicy() == null
            ? ScalingRules.SelectPolicy.MAX
            : switch (spec.getSelectPolicy()) {
              case Max -> ScalingRules.SelectPolicy.MAX;
              case Min -> ScalingRules.SelectPolicy.MIN;
              case Disabled -> ScalingRules.SelectPolicy.DISABLED;
            };
    List<ScalingPolicy> policies =
        spec.getPolicies() == null || spec.getPolicies().isEmpty()
            ? hpaDefault.policies()
            : spec.getPolicies().stream().map(BehaviorAdapter::policy).toList();
    return new ScalingRules(window, select, policies);
  }

  private static ScalingPolicy policy(ScalingPolicySpec spec) {
    if (spec.getType() == null || spec.getValue() == null || spec.getPeriodSeconds() == null) {
      throw new IllegalArgumentException("a scaling policy needs type, value and periodSeconds");
    }
    Duration period = Duration.ofSeconds(spec.getPeriodSeconds());
    return switch (spec.getType()) {
      case Pods -> ScalingPolicy.pods(spec.getValue(), period);
      case Percent -> ScalingPolicy.percent(spec.getValue(), period);
    };
  }

  private static int orDefault(Integer value, int fallback) {
    return value == null ? fallback : value;
  }
}
