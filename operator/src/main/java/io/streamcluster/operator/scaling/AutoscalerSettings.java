package io.streamcluster.operator.scaling;

import io.streamcluster.api.v1alpha1.AutoscalingSpec;
import io.streamcluster.api.v1alpha1.StreamClusterSpec;
import io.streamcluster.operator.autoscaler.AutoscalerConfig;
import io.streamcluster.operator.autoscaler.ScalingBehavior;
import io.streamcluster.operator.autoscaler.ScalingPolicy;
import io.streamcluster.operator.autoscaler.ScalingRules;
import java.time.Duration;
import java.util.List;

/**
 * Reads the autoscaler's configuration from a StreamCluster's spec (HPA's defaults where unset).
 */
public final class AutoscalerSettings {

  private AutoscalerSettings() {}

  public static AutoscalerConfig from(StreamClusterSpec spec) {
    AutoscalingSpec autoscaling = spec.getAutoscaling();
    ScalingBehavior behavior = ScalingBehavior.HPA_DEFAULT;
    var declared = autoscaling.getBehavior();
    if (declared != null) {
      if (declared.getScaleUp() != null) {
        behavior = behavior.withScaleUp(rules(declared.getScaleUp(), behavior.scaleUp()));
      }
      if (declared.getScaleDown() != null) {
        behavior = behavior.withScaleDown(rules(declared.getScaleDown(), behavior.scaleDown()));
      }
    }
    return AutoscalerConfig.of(
            autoscaling.getMinEdges(),
            autoscaling.getMaxEdges(),
            autoscaling.getTargetSubscribersPerEdge())
        .withBehavior(behavior);
  }

  /** One direction's rules; what the spec leaves out keeps HPA's default for that direction. */
  private static ScalingRules rules(
      io.streamcluster.api.v1alpha1.ScalingRules declared, ScalingRules defaults) {
    Duration window =
        declared.getStabilizationWindowSeconds() == null
            ? defaults.stabilizationWindow()
            : Duration.ofSeconds(declared.getStabilizationWindowSeconds());
    ScalingRules.SelectPolicy select =
        declared.getSelectPolicy() == null
            ? defaults.selectPolicy()
            : ScalingRules.SelectPolicy.valueOf(declared.getSelectPolicy().name().toUpperCase());
    List<ScalingPolicy> policies =
        declared.getPolicies() == null || declared.getPolicies().isEmpty()
            ? defaults.policies()
            : declared.getPolicies().stream().map(AutoscalerSettings::policy).toList();
    return new ScalingRules(window, select, policies);
  }

  private static ScalingPolicy policy(io.streamcluster.api.v1alpha1.ScalingPolicy declared) {
    Duration period = Duration.ofSeconds(declared.getPeriodSeconds());
    return switch (declared.getType()) {
      case Pods -> ScalingPolicy.pods(declared.getValue(), period);
      case Percent -> ScalingPolicy.percent(declared.getValue(), period);
    };
  }
}
