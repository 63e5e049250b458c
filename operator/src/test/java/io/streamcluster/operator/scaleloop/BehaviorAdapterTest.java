package io.streamcluster.operator.scaleloop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamcluster.api.v1alpha1.AutoscalingSpec;
import io.streamcluster.api.v1alpha1.CapacityScheduleSpec;
import io.streamcluster.api.v1alpha1.OverflowSpec;
import io.streamcluster.api.v1alpha1.PredictiveScaleUpSpec;
import io.streamcluster.api.v1alpha1.ScalingBehaviorSpec;
import io.streamcluster.api.v1alpha1.ScalingPolicySpec;
import io.streamcluster.api.v1alpha1.ScalingRulesSpec;
import io.streamcluster.operator.autoscaler.AutoscalerConfig;
import io.streamcluster.operator.autoscaler.CapacitySchedule;
import io.streamcluster.operator.autoscaler.PredictiveScaleUp;
import io.streamcluster.operator.autoscaler.ScalingPolicy;
import io.streamcluster.operator.autoscaler.ScalingRules;
import io.streamcluster.operator.model.InvalidSpecException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class BehaviorAdapterTest {

  AutoscalingSpec spec = new AutoscalingSpec();

  @Test
  void withoutBehaviorTheAutoscalerActsAsAnHpa() {
    spec.setMinEdges(3);
    spec.setMaxEdges(40);
    spec.setTargetSubscribersPerEdge(1200);

    AutoscalerConfig config = BehaviorAdapter.toConfig(spec);

    assertThat(config).isEqualTo(AutoscalerConfig.of(3, 40, 1200));
  }

  @Test
  void mapsEveryFieldOfADirection() {
    ScalingRulesSpec down = new ScalingRulesSpec();
    down.setStabilizationWindowSeconds(600);
    down.setSelectPolicy(ScalingRulesSpec.SelectPolicy.Min);
    down.setPolicies(
        List.of(
            new ScalingPolicySpec(ScalingPolicySpec.Type.Percent, 10, 60),
            new ScalingPolicySpec(ScalingPolicySpec.Type.Pods, 5, 30)));
    ScalingRulesSpec up = new ScalingRulesSpec();
    up.setSelectPolicy(ScalingRulesSpec.SelectPolicy.Disabled);
    ScalingBehaviorSpec behavior = new ScalingBehaviorSpec();
    behavior.setScaleDown(down);
    behavior.setScaleUp(up);
    spec.setBehavior(behavior);

    AutoscalerConfig config = BehaviorAdapter.toConfig(spec);

    var scaleDown = config.behavior().scaleDown();
    assertThat(scaleDown.stabilizationWindow()).isEqualTo(Duration.ofSeconds(600));
    assertThat(scaleDown.selectPolicy()).isEqualTo(ScalingRules.SelectPolicy.MIN);
    assertThat(scaleDown.policies())
        .containsExactly(
            ScalingPolicy.percent(10, Duration.ofSeconds(60)),
            ScalingPolicy.pods(5, Duration.ofSeconds(30)));
    var scaleUp = config.behavior().scaleUp();
    assertThat(scaleUp.selectPolicy()).isEqualTo(ScalingRules.SelectPolicy.DISABLED);
    // what the spec leaves out is HPA's default for the direction
    assertThat(scaleUp.stabilizationWindow()).isEqualTo(Duration.ZERO);
    assertThat(scaleUp.policies()).isEqualTo(ScalingRules.hpaDefaultScaleUp().policies());
  }

  @Test
  void aMissingWindowTakesTheDirectionsDefault() {
    ScalingRulesSpec down = new ScalingRulesSpec();
    down.setPolicies(List.of(new ScalingPolicySpec(ScalingPolicySpec.Type.Pods, 1, 15)));
    ScalingBehaviorSpec behavior = new ScalingBehaviorSpec();
    behavior.setScaleDown(down);
    spec.setBehavior(behavior);

    var scaleDown = BehaviorAdapter.toConfig(spec).behavior().scaleDown();

    assertThat(scaleDown.stabilizationWindow()).isEqualTo(Duration.ofSeconds(300));
    assertThat(scaleDown.selectPolicy()).isEqualTo(ScalingRules.SelectPolicy.MAX);
  }

  @Test
  void whatTheAutoscalerRefusesIsAnInvalidSpec() {
    spec.setMinEdges(0);

    assertThatThrownBy(() -> BehaviorAdapter.toConfig(spec))
        .isInstanceOf(InvalidSpecException.class)
        .hasMessageContaining("spec.autoscaling")
        .hasMessageContaining("minEdges");
  }

  @Test
  void predictiveScaleUpIsOnlyOnWhenEnabled() {
    PredictiveScaleUpSpec predictive = new PredictiveScaleUpSpec();
    ScalingRulesSpec up = new ScalingRulesSpec();
    up.setPredictive(predictive);
    ScalingBehaviorSpec behavior = new ScalingBehaviorSpec();
    behavior.setScaleUp(up);
    spec.setBehavior(behavior);

    assertThat(BehaviorAdapter.toConfig(spec).behavior().predictive()).isEmpty();

    predictive.setEnabled(true);
    predictive.setEdgeStartupSeconds(90);
    AutoscalerConfig config = BehaviorAdapter.toConfig(spec);

    assertThat(config.behavior().predictive())
        .contains(new PredictiveScaleUp(Duration.ofSeconds(90)));
    assertThat(config.behavior().scaleUp()).isEqualTo(ScalingRules.hpaDefaultScaleUp());
  }

  @Test
  void aScheduleIsReadInItsTimeZoneWithItsLead() {
    CapacityScheduleSpec schedule = new CapacityScheduleSpec();
    schedule.setName("final");
    schedule.setStart("2026-12-24T20:00");
    schedule.setEnd("2026-12-24T22:30");
    schedule.setTimeZone("Europe/Berlin");
    schedule.setLeadSeconds(900);
    schedule.setViewers(20_000L);
    spec.setSchedules(List.of(schedule));

    List<CapacitySchedule> schedules = BehaviorAdapter.toConfig(spec).schedules();

    assertThat(schedules)
        .containsExactly(
            new CapacitySchedule(
                "final",
                Instant.parse("2026-12-24T19:00:00Z"),
                Instant.parse("2026-12-24T18:45:00Z"),
                Instant.parse("2026-12-24T21:30:00Z"),
                0,
                20_000));
  }

  @Test
  void anUnknownTimeZoneIsAnInvalidSpec() {
    CapacityScheduleSpec schedule = new CapacityScheduleSpec();
    schedule.setName("final");
    schedule.setStart("2026-12-24T20:00");
    schedule.setEnd("2026-12-24T22:30");
    schedule.setTimeZone("Europe/Atlantis");
    schedule.setMinEdges(10);
    spec.setSchedules(List.of(schedule));

    assertThatThrownBy(() -> BehaviorAdapter.toConfig(spec))
        .isInstanceOf(InvalidSpecException.class)
        .hasMessage("spec.autoscaling: schedule final: unknown time zone 'Europe/Atlantis'");
  }

  @Test
  void theOverflowDefaultsToTheCapacityAndAnEightSecondHold() {
    assertThat(BehaviorAdapter.overflow(spec)).isEqualTo(OverflowPolicy.DEFAULT);

    OverflowSpec overflow = new OverflowSpec();
    overflow.setUpTo(OverflowSpec.Limit.Target);
    overflow.setHoldSeconds(0);
    spec.setOverflow(overflow);

    assertThat(BehaviorAdapter.overflow(spec)).isEqualTo(new OverflowPolicy(false, Duration.ZERO));
  }
}
