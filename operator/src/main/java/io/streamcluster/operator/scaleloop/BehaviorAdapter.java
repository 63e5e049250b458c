package io.streamcluster.operator.scaleloop;

import io.streamcluster.api.v1alpha1.AutoscalingSpec;
import io.streamcluster.api.v1alpha1.CapacityScheduleSpec;
import io.streamcluster.api.v1alpha1.OverflowSpec;
import io.streamcluster.api.v1alpha1.PredictiveScaleUpSpec;
import io.streamcluster.api.v1alpha1.ScalingBehaviorSpec;
import io.streamcluster.api.v1alpha1.ScalingPolicySpec;
import io.streamcluster.api.v1alpha1.ScalingRulesSpec;
import io.streamcluster.media.ClusterDefaults;
import io.streamcluster.operator.autoscaler.AutoscalerConfig;
import io.streamcluster.operator.autoscaler.CapacitySchedule;
import io.streamcluster.operator.autoscaler.PredictiveScaleUp;
import io.streamcluster.operator.autoscaler.ScalingBehavior;
import io.streamcluster.operator.autoscaler.ScalingPolicy;
import io.streamcluster.operator.autoscaler.ScalingRules;
import io.streamcluster.operator.model.InvalidSpecException;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

/**
 * Maps a StreamCluster's {@code autoscaling} spec onto the platform-neutral autoscaler's config,
 * field by field with HPA's defaults: a direction without rules, a missing window, select policy or
 * policy list takes what an autoscaling/v2 HPA would take. {@code behavior.scaleUp.predictive} and
 * {@code schedules} go beyond HPA; {@code overflow} is for the origins' rotation ({@link
 * #overflow}).
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
                  ScalingRules.hpaDefaultScaleDown()),
              predictive(behavior == null ? null : behavior.getScaleUp()));
      return new AutoscalerConfig(
          orDefault(spec.getMinEdges(), AutoscalingSpec.DEFAULT_MIN_EDGES),
          orDefault(spec.getMaxEdges(), AutoscalingSpec.DEFAULT_MAX_EDGES),
          orDefault(
              spec.getTargetSubscribersPerEdge(), ClusterDefaults.TARGET_SUBSCRIBERS_PER_EDGE),
          AutoscalerConfig.DEFAULT_TOLERANCE,
          rules,
          spec.getSchedules() == null
              ? List.of()
              : spec.getSchedules().stream().map(BehaviorAdapter::schedule).toList());
    } catch (IllegalArgumentException e) {
      throw new InvalidSpecException("spec.autoscaling: " + e.getMessage(), e);
    }
  }

  /** What the origins' rotation does once the edges carry the target; the CRD's defaults. */
  public static OverflowPolicy overflow(AutoscalingSpec spec) {
    OverflowSpec overflow = spec.getOverflow();
    if (overflow == null) {
      return OverflowPolicy.DEFAULT;
    }
    return new OverflowPolicy(
        overflow.getUpTo() != OverflowSpec.Limit.Target,
        Duration.ofSeconds(
            orDefault(overflow.getHoldSeconds(), OverflowSpec.DEFAULT_HOLD_SECONDS)));
  }

  static Optional<PredictiveScaleUp> predictive(ScalingRulesSpec scaleUp) {
    PredictiveScaleUpSpec spec = scaleUp == null ? null : scaleUp.getPredictive();
    if (spec == null || !Boolean.TRUE.equals(spec.getEnabled())) {
      return Optional.empty();
    }
    return Optional.of(
        new PredictiveScaleUp(
            Duration.ofSeconds(
                orDefault(
                    spec.getEdgeStartupSeconds(),
                    PredictiveScaleUpSpec.DEFAULT_EDGE_STARTUP_SECONDS))));
  }

  static CapacitySchedule schedule(CapacityScheduleSpec spec) {
    ZoneId zone;
    try {
      zone = ZoneId.of(spec.getTimeZone() == null ? "UTC" : spec.getTimeZone());
    } catch (DateTimeException e) {
      throw new IllegalArgumentException(
          "schedule " + spec.getName() + ": unknown time zone '" + spec.getTimeZone() + "'", e);
    }
    if (spec.getStart() == null || spec.getEnd() == null) {
      throw new IllegalArgumentException(
          "schedule " + spec.getName() + " needs a start and an end");
    }
    return CapacitySchedule.inZone(
        spec.getName(),
        spec.getStart(),
        spec.getEnd(),
        zone,
        Duration.ofSeconds(
            orDefault(spec.getLeadSeconds(), CapacityScheduleSpec.DEFAULT_LEAD_SECONDS)),
        orDefault(spec.getMinEdges(), 0),
        spec.getViewers() == null ? 0 : spec.getViewers());
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
