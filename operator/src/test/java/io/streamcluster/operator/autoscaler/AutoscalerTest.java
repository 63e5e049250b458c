package io.streamcluster.operator.autoscaler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamcluster.operator.autoscaler.ScalingDecision.Reason;
import io.streamcluster.operator.autoscaler.ScalingRules.SelectPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The HorizontalPodAutoscaler's algorithm on subscribers. The cases follow the worked examples of
 * the Kubernetes documentation ("Horizontal Pod Autoscaling": algorithm details, scaling policies,
 * stabilization window, default behavior, and the behavior examples), with pods read as edges and
 * the metric as subscribers per edge.
 */
class AutoscalerTest {

  static final Duration SYNC = Duration.ofSeconds(15);
  static final Duration MINUTE = Duration.ofSeconds(60);
  static final long TARGET = 100;

  final ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));

  Autoscaler autoscaler(AutoscalerConfig config) {
    return new Autoscaler(config, clock);
  }

  static AutoscalerConfig config(int min, int max, ScalingBehavior behavior) {
    return AutoscalerConfig.of(min, max, TARGET).withBehavior(behavior);
  }

  /** HPA's default behavior, but scaling down without a stabilization window. */
  static ScalingBehavior immediateScaleDown() {
    return ScalingBehavior.HPA_DEFAULT.withScaleDown(
        new ScalingRules(
            Duration.ZERO,
            SelectPolicy.MAX,
            List.of(ScalingPolicy.percent(100, Duration.ofSeconds(15)))));
  }

  static ScalingBehavior scaleDown(
      Duration window, SelectPolicy select, ScalingPolicy... policies) {
    return ScalingBehavior.HPA_DEFAULT.withScaleDown(
        new ScalingRules(window, select, List.of(policies)));
  }

  /** Decides and, as the reconciler does after a successful update, records the change. */
  static int step(Autoscaler autoscaler, int edges, long subscribers) {
    ScalingDecision decision = autoscaler.decide(edges, subscribers);
    autoscaler.recordScale(decision);
    return decision.desiredEdges();
  }

  @Nested
  class AlgorithmDetails {

    @Test
    void doublesTheEdgesWhenTheLoadIsTwiceTheTarget() {
      // "if the current metric value is 200m, and the desired value is 100m, the number of
      // replicas will be doubled"
      ScalingDecision decision = autoscaler(config(1, 50, immediateScaleDown())).decide(4, 800);

      assertThat(decision.recommendedEdges()).isEqualTo(8);
      assertThat(decision.desiredEdges()).isEqualTo(8);
      assertThat(decision.reason()).isEqualTo(Reason.ScaledUp);
      assertThat(decision.message()).contains("800 subscribers on 4 edges", "scaling 4 -> 8 edges");
    }

    @Test
    void halvesTheEdgesWhenTheLoadIsHalfTheTarget() {
      // "If the current value is instead 50m, you'll halve the number of replicas"
      ScalingDecision decision = autoscaler(config(1, 50, immediateScaleDown())).decide(8, 400);

      assertThat(decision.desiredEdges()).isEqualTo(4);
      assertThat(decision.reason()).isEqualTo(Reason.ScaledDown);
    }

    @Test
    void roundsUpSoThatNoEdgeIsAskedToCarryMoreThanTheTarget() {
      // ceil(currentReplicas * currentMetricValue / desiredMetricValue)
      assertThat(autoscaler(config(1, 50, immediateScaleDown())).decide(8, 1001).desiredEdges())
          .isEqualTo(11);
    }

    @Test
    void skipsScalingWhenTheRatioIsWithinTheTolerance() {
      // "The control plane skips any scaling action if the ratio is sufficiently close to 1.0
      // (within a globally-configurable tolerance, 0.1 by default)."
      Autoscaler autoscaler = autoscaler(config(1, 50, immediateScaleDown()));

      for (long subscribers : new long[] {1000, 1050, 1100, 950, 900}) {
        ScalingDecision decision = autoscaler.decide(10, subscribers);
        assertThat(decision.desiredEdges()).as("%d subscribers", subscribers).isEqualTo(10);
        assertThat(decision.reason()).isEqualTo(Reason.WithinTolerance);
      }
      assertThat(autoscaler.decide(10, 1101).desiredEdges()).isEqualTo(12);
      assertThat(autoscaler.decide(10, 899).desiredEdges()).isEqualTo(9);
    }

    @Test
    void theToleranceIsConfigurable() {
      Autoscaler autoscaler = autoscaler(config(1, 50, immediateScaleDown()).withTolerance(0.0));

      assertThat(autoscaler.decide(10, 1001).desiredEdges()).isEqualTo(11);
    }

    @Test
    void keepsTheEdgesWhenTheLoadOutsideTheToleranceStillNeedsThemAll() {
      ScalingDecision decision = autoscaler(config(1, 50, immediateScaleDown())).decide(3, 201);

      assertThat(decision.desiredEdges()).isEqualTo(3);
      assertThat(decision.reason()).isEqualTo(Reason.AtTarget);
    }
  }

  @Nested
  class DefaultBehavior {

    @Test
    void scalesUpByTheLargerOfFourEdgesAndOneHundredPercentEvery15Seconds() {
      // scaleUp: policies Percent 100 / 15 s and Pods 4 / 15 s, selectPolicy Max, no window
      Autoscaler autoscaler = autoscaler(AutoscalerConfig.of(1, 100, TARGET));
      List<Integer> sizes = new ArrayList<>();
      int edges = 2;
      for (int i = 0; i < 5; i++) {
        edges = step(autoscaler, edges, 10_000);
        sizes.add(edges);
        clock.advance(SYNC);
      }

      // 2 + 4 pods beats 2 + 100%; from 6 on, doubling beats 4 pods
      assertThat(sizes).containsExactly(6, 12, 24, 48, 96);
    }

    @Test
    void countsEarlierScaleUpsOfTheSamePeriod() {
      Autoscaler autoscaler = autoscaler(AutoscalerConfig.of(1, 100, TARGET));
      int edges = step(autoscaler, 2, 10_000);

      clock.advanceSeconds(5);
      ScalingDecision again = autoscaler.decide(edges, 10_000);

      assertThat(again.desiredEdges()).isEqualTo(6);
      assertThat(again.reason()).isEqualTo(Reason.LimitedByPolicy);
      assertThat(again.limited()).isTrue();
      assertThat(again.message()).contains("scale-up policies allow 6");

      clock.advanceSeconds(10);
      assertThat(autoscaler.decide(edges, 10_000).desiredEdges()).isEqualTo(12);
    }

    @Test
    void reportsTheScaleUpLimitAsLimitedByPolicy() {
      ScalingDecision decision = autoscaler(AutoscalerConfig.of(1, 100, TARGET)).decide(2, 10_000);

      assertThat(decision.recommendedEdges()).isEqualTo(100);
      assertThat(decision.desiredEdges()).isEqualTo(6);
      assertThat(decision.reason()).isEqualTo(Reason.LimitedByPolicy);
    }

    @Test
    void scalesDownOnlyToTheHighestRecommendationOfTheLast300Seconds() {
      // scaleDown: stabilizationWindowSeconds 300, then 100% per 15 s
      Autoscaler autoscaler = autoscaler(AutoscalerConfig.of(1, 100, TARGET));
      int edges = step(autoscaler, 10, 1000);

      for (int elapsed = 15; elapsed < 300; elapsed += 15) {
        clock.advance(SYNC);
        ScalingDecision decision = autoscaler.decide(edges, 200);
        assertThat(decision.desiredEdges()).as("after %d s", elapsed).isEqualTo(10);
        assertThat(decision.reason()).isEqualTo(Reason.Stabilized);
      }
      clock.advance(SYNC);
      ScalingDecision decision = autoscaler.decide(edges, 200);

      assertThat(decision.desiredEdges()).isEqualTo(2);
      assertThat(decision.reason()).isEqualTo(Reason.ScaledDown);
    }

    @Test
    void aFreshAutoscalerDoesNotScaleInBeforeOneWindowHasPassed() {
      // HPA seeds the scale-down window with the current size: a restarted controller waits
      Autoscaler autoscaler = autoscaler(AutoscalerConfig.of(1, 100, TARGET));

      ScalingDecision first = autoscaler.decide(10, 100);
      clock.advanceSeconds(299);
      ScalingDecision later = autoscaler.decide(10, 100);
      clock.advanceSeconds(1);
      ScalingDecision afterTheWindow = autoscaler.decide(10, 100);

      assertThat(first.reason()).isEqualTo(Reason.Stabilized);
      assertThat(first.message()).contains("scale-down stabilization window", "keeping 10 edges");
      assertThat(later.desiredEdges()).isEqualTo(10);
      assertThat(afterTheWindow.desiredEdges()).isEqualTo(1);
    }
  }

  @Nested
  class ScalingPolicies {

    @Test
    void theDocumentationsFourPodsOrTenPercentPerMinuteExample() {
      // scaleDown: Pods 4 / 60 s and Percent 10 / 60 s (selectPolicy Max); "if there are 80
      // replicas and the target has to be scaled down to 10 replicas then during the first step 8
      // replicas will be reduced. In the next iteration when the number of replicas is 72, 10% of
      // the pods is 7.2 but the number is rounded up to 8. [...] When the number of replicas falls
      // below 40 the first policy (Pods) is applied and 4 replicas will be reduced at a time."
      // No stabilization window here, to show the policies alone.
      Autoscaler autoscaler =
          autoscaler(
              config(
                  1,
                  100,
                  scaleDown(
                      Duration.ZERO,
                      SelectPolicy.MAX,
                      ScalingPolicy.pods(4, MINUTE),
                      ScalingPolicy.percent(10, MINUTE))));
      List<Integer> sizes = new ArrayList<>();
      int edges = 80;
      while (edges > 10) {
        edges = step(autoscaler, edges, 10 * TARGET);
        sizes.add(edges);
        clock.advance(MINUTE);
      }

      assertThat(sizes).containsExactly(72, 64, 57, 51, 45, 40, 36, 32, 28, 24, 20, 16, 12, 10);
    }

    @Test
    void aPolicyCountsFromTheSizeAtTheStartOfItsPeriod() {
      Autoscaler autoscaler =
          autoscaler(
              config(
                  1,
                  100,
                  scaleDown(Duration.ZERO, SelectPolicy.MAX, ScalingPolicy.percent(10, MINUTE))));
      int edges = step(autoscaler, 50, 10 * TARGET);

      clock.advance(SYNC);
      ScalingDecision withinTheMinute = autoscaler.decide(edges, 10 * TARGET);
      clock.advanceSeconds(45);
      ScalingDecision aMinuteLater = autoscaler.decide(edges, 10 * TARGET);

      assertThat(edges).isEqualTo(45);
      assertThat(withinTheMinute.desiredEdges()).isEqualTo(45);
      assertThat(withinTheMinute.reason()).isEqualTo(Reason.LimitedByPolicy);
      assertThat(aMinuteLater.desiredEdges()).isEqualTo(40);
    }

    @Test
    void limitsScaleDownToTenPercentPerMinute() {
      // "To limit the rate at which pods are removed by the HPA to 10% per minute"
      Autoscaler autoscaler =
          autoscaler(
              config(
                  1,
                  100,
                  ScalingBehavior.HPA_DEFAULT.withScaleDown(
                      new ScalingRules(
                          Duration.ofSeconds(300),
                          SelectPolicy.MAX,
                          List.of(ScalingPolicy.percent(10, MINUTE))))));
      int edges = 20;
      List<Integer> removedPerMinute = new ArrayList<>();
      int minuteStart = edges;
      for (int tick = 1; tick <= 4 * 60; tick++) {
        edges = step(autoscaler, edges, TARGET);
        clock.advance(SYNC);
        if (tick % 4 == 0) {
          removedPerMinute.add(minuteStart - edges);
          minuteStart = edges;
        }
      }

      assertThat(edges).isEqualTo(1);
      // at most 10% of the edges at the start of each minute (the first five: the window)
      assertThat(removedPerMinute.subList(0, 5)).containsOnly(0);
      assertThat(removedPerMinute.subList(5, 11)).containsExactly(2, 2, 2, 2, 2, 1);
    }

    @Test
    void selectPolicyMinTakesThePolicyThatChangesLeast() {
      // "To ensure that no more than 5 Pods are removed per minute, you can add a second
      // scale-down policy with a fixed size of 5, and set selectPolicy to minimum."
      ScalingBehavior behavior =
          scaleDown(
              Duration.ZERO,
              SelectPolicy.MIN,
              ScalingPolicy.percent(10, MINUTE),
              ScalingPolicy.pods(5, MINUTE));

      assertThat(autoscaler(config(1, 100, behavior)).decide(80, TARGET).desiredEdges())
          .as("10%% of 80 is 8, more than 5")
          .isEqualTo(75);
      assertThat(autoscaler(config(1, 100, behavior)).decide(30, TARGET).desiredEdges())
          .as("10%% of 30 is 3, fewer than 5")
          .isEqualTo(27);
    }

    @Test
    void selectPolicyMaxTakesThePolicyThatChangesMost() {
      ScalingBehavior behavior =
          scaleDown(
              Duration.ZERO,
              SelectPolicy.MAX,
              ScalingPolicy.percent(10, MINUTE),
              ScalingPolicy.pods(5, MINUTE));

      assertThat(autoscaler(config(1, 100, behavior)).decide(80, TARGET).desiredEdges())
          .isEqualTo(72);
      assertThat(autoscaler(config(1, 100, behavior)).decide(30, TARGET).desiredEdges())
          .isEqualTo(25);
    }

    @Test
    void selectPolicyDisabledNeverScalesInThatDirection() {
      // "scaleDown: selectPolicy: Disabled"
      Autoscaler autoscaler =
          autoscaler(
              config(
                  1,
                  100,
                  ScalingBehavior.HPA_DEFAULT.withScaleDown(
                      new ScalingRules(Duration.ZERO, SelectPolicy.DISABLED, List.of()))));

      ScalingDecision down = autoscaler.decide(10, TARGET);
      ScalingDecision up = autoscaler.decide(10, 20 * TARGET);

      assertThat(down.desiredEdges()).isEqualTo(10);
      assertThat(down.reason()).isEqualTo(Reason.ScalingDisabled);
      assertThat(up.desiredEdges()).isEqualTo(20);
    }

    @Test
    void selectPolicyMinForScaleUpTakesTheSmallerIncrease() {
      ScalingBehavior behavior =
          ScalingBehavior.HPA_DEFAULT.withScaleUp(
              new ScalingRules(
                  Duration.ZERO,
                  SelectPolicy.MIN,
                  List.of(
                      ScalingPolicy.percent(100, Duration.ofSeconds(15)),
                      ScalingPolicy.pods(4, Duration.ofSeconds(15)))));

      assertThat(autoscaler(config(1, 100, behavior)).decide(2, 50 * TARGET).desiredEdges())
          .isEqualTo(4);
      assertThat(autoscaler(config(1, 100, behavior)).decide(10, 50 * TARGET).desiredEdges())
          .isEqualTo(14);
    }

    @Test
    void aPercentPolicyAlwaysAllowsAtLeastOneEdgeMoreOnTheWayUp() {
      ScalingBehavior behavior =
          ScalingBehavior.HPA_DEFAULT.withScaleUp(
              new ScalingRules(
                  Duration.ZERO, SelectPolicy.MAX, List.of(ScalingPolicy.percent(10, MINUTE))));

      assertThat(autoscaler(config(1, 100, behavior)).decide(3, 10 * TARGET).desiredEdges())
          .isEqualTo(4);
    }
  }

  @Nested
  class StabilizationWindow {

    @Test
    void scaleDownFollowsTheHighestRecommendationWithinTheWindow() {
      // "When the metrics indicate that the target should be scaled down the algorithm looks into
      // previously computed desired states, and uses the highest value from the specified
      // interval."
      Autoscaler autoscaler =
          autoscaler(
              config(
                  1,
                  100,
                  scaleDown(
                      Duration.ofSeconds(300),
                      SelectPolicy.MAX,
                      ScalingPolicy.percent(100, Duration.ofSeconds(15)))));
      int edges = step(autoscaler, 10, 10 * TARGET); // t=0: 10
      clock.advanceSeconds(60);
      edges = step(autoscaler, edges, 6 * TARGET); // t=60: 6
      clock.advanceSeconds(60);
      edges = step(autoscaler, edges, 8 * TARGET); // t=120: 8
      clock.advanceSeconds(60);
      edges = step(autoscaler, edges, 5 * TARGET); // t=180: 5
      assertThat(edges).isEqualTo(10);

      clock.advanceSeconds(121); // t=301: the 10 at t=0 has left the window
      ScalingDecision decision = autoscaler.decide(edges, 5 * TARGET);
      assertThat(decision.desiredEdges()).isEqualTo(8);
      assertThat(decision.reason()).isEqualTo(Reason.ScaledDown);
      assertThat(decision.message()).contains("highest recommendation", "is 8");
      autoscaler.recordScale(decision);

      clock.advanceSeconds(120); // t=421: the 8 at t=120 has left
      assertThat(autoscaler.decide(8, 5 * TARGET).desiredEdges()).isEqualTo(5);
    }

    @Test
    void aShorterWindowScalesDownSooner() {
      // "behavior: scaleDown: stabilizationWindowSeconds: 60"
      Autoscaler autoscaler =
          autoscaler(
              config(
                  1,
                  100,
                  scaleDown(
                      MINUTE,
                      SelectPolicy.MAX,
                      ScalingPolicy.percent(100, Duration.ofSeconds(15)))));
      int edges = step(autoscaler, 10, 10 * TARGET);

      clock.advanceSeconds(45);
      assertThat(autoscaler.decide(edges, 2 * TARGET).desiredEdges()).isEqualTo(10);
      clock.advanceSeconds(30);
      assertThat(autoscaler.decide(edges, 2 * TARGET).desiredEdges()).isEqualTo(2);
    }

    @Test
    void aScaleUpWindowFollowsTheLowestRecommendation() {
      Autoscaler autoscaler =
          autoscaler(
              config(
                  1,
                  100,
                  ScalingBehavior.HPA_DEFAULT.withScaleUp(
                      new ScalingRules(
                          MINUTE,
                          SelectPolicy.MAX,
                          List.of(ScalingPolicy.percent(900, Duration.ofSeconds(15)))))));

      ScalingDecision first = autoscaler.decide(5, 5 * TARGET);
      clock.advanceSeconds(15);
      ScalingDecision spike = autoscaler.decide(5, 20 * TARGET);
      clock.advanceSeconds(50);
      ScalingDecision sustained = autoscaler.decide(5, 20 * TARGET);

      assertThat(first.desiredEdges()).isEqualTo(5);
      assertThat(spike.desiredEdges()).isEqualTo(5);
      assertThat(spike.reason()).isEqualTo(Reason.Stabilized);
      assertThat(spike.message()).contains("scale-up stabilization window");
      assertThat(sustained.desiredEdges()).isEqualTo(20);
    }

    @Test
    void doesNotFlapUnderNoisyCounts() {
      // load around 6,000 (6 edges at the target) with up to 15% noise either way, sampled every
      // 15 s for two hours: following each sample would change the edges dozens of times; the
      // tolerance and the scale-down window leave at most one step, never reversed
      for (long seed = 1; seed <= 20; seed++) {
        Random noise = new Random(seed);
        Autoscaler autoscaler = autoscaler(AutoscalerConfig.of(2, 50, 1000));
        int edges = 6;
        int naiveEdges = 6;
        int naiveChanges = 0;
        List<ScalingDecision> changes = new ArrayList<>();
        for (int tick = 0; tick < 480; tick++) {
          long subscribers = Math.round(6000 * (1 + (noise.nextDouble() * 2 - 1) * 0.15));
          ScalingDecision decision = autoscaler.decide(edges, subscribers);
          autoscaler.recordScale(decision);
          if (decision.changesEdges()) {
            changes.add(decision);
          }
          edges = decision.desiredEdges();
          int naive = (int) ((subscribers + 999) / 1000);
          naiveChanges += naive != naiveEdges ? 1 : 0;
          naiveEdges = naive;
          clock.advance(SYNC);
        }

        assertThat(naiveChanges).as("seed %d: the counts are noisy", seed).isGreaterThan(50);
        assertThat(changes).as("seed %d", seed).hasSizeLessThanOrEqualTo(1);
        assertThat(edges).as("seed %d", seed).isBetween(6, 7);
      }
    }
  }

  @Nested
  class Bounds {

    @Test
    void neverAsksForMoreThanMaxEdges() {
      ScalingDecision decision =
          autoscaler(config(1, 10, ScalingBehavior.HPA_DEFAULT)).decide(8, 100 * TARGET);

      assertThat(decision.desiredEdges()).isEqualTo(10);
      assertThat(decision.reason()).isEqualTo(Reason.LimitedByMax);
      assertThat(decision.message()).contains("maxEdges is 10");
    }

    @Test
    void holdsAtMaxEdgesWhileTheLoadStaysAbove() {
      ScalingDecision decision =
          autoscaler(config(1, 10, ScalingBehavior.HPA_DEFAULT)).decide(10, 100 * TARGET);

      assertThat(decision.desiredEdges()).isEqualTo(10);
      assertThat(decision.reason()).isEqualTo(Reason.LimitedByMax);
    }

    @Test
    void neverAsksForFewerThanMinEdges() {
      ScalingDecision decision = autoscaler(config(3, 10, immediateScaleDown())).decide(8, 0);

      assertThat(decision.recommendedEdges()).isZero();
      assertThat(decision.desiredEdges()).isEqualTo(3);
      assertThat(decision.reason()).isEqualTo(Reason.LimitedByMin);
    }

    @Test
    void bringsASizeOutsideTheBoundsInsideFirst() {
      Autoscaler autoscaler = autoscaler(config(2, 10, ScalingBehavior.HPA_DEFAULT));

      assertThat(autoscaler.decide(0, 0).desiredEdges()).isEqualTo(2);
      assertThat(autoscaler.decide(1, 10 * TARGET).desiredEdges()).isEqualTo(2);
      assertThat(autoscaler.decide(40, 0).desiredEdges()).isEqualTo(10);
      assertThat(autoscaler.decide(40, 0).reason()).isEqualTo(Reason.LimitedByMax);
    }

    @Test
    void rejectsInconsistentBounds() {
      assertThatThrownBy(() -> AutoscalerConfig.of(5, 4, TARGET))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("maxEdges");
      assertThatThrownBy(() -> AutoscalerConfig.of(0, 4, TARGET))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("minEdges");
    }
  }

  @Nested
  class WithoutLoad {

    @Test
    void holdsTheCurrentSizeAndSaysWhy() {
      ScalingDecision decision =
          autoscaler(AutoscalerConfig.of(2, 50, TARGET))
              .holdWithoutLoad(7, "origin http://origin:5080 unreachable");

      assertThat(decision.desiredEdges()).isEqualTo(7);
      assertThat(decision.subscribers()).isEmpty();
      assertThat(decision.reason()).isEqualTo(Reason.MetricsUnavailable);
      assertThat(decision.message()).contains("origin http://origin:5080 unreachable", "7 edges");
    }

    @Test
    void stillNeverGoesBelowMinEdges() {
      ScalingDecision decision =
          autoscaler(AutoscalerConfig.of(2, 50, TARGET)).holdWithoutLoad(1, "timeout");

      assertThat(decision.desiredEdges()).isEqualTo(2);
      assertThat(decision.reason()).isEqualTo(Reason.LimitedByMin);
    }

    @Test
    void aGapInTheCountsDoesNotOpenTheScaleDownWindow() {
      Autoscaler autoscaler = autoscaler(AutoscalerConfig.of(1, 50, TARGET));
      int edges = step(autoscaler, 10, 10 * TARGET);
      for (int i = 0; i < 10; i++) {
        clock.advance(SYNC);
        autoscaler.holdWithoutLoad(edges, "timeout");
      }
      clock.advance(SYNC);

      assertThat(autoscaler.decide(edges, TARGET).desiredEdges()).isEqualTo(10);
    }
  }

  @Test
  void reconfigurationKeepsTheHistory() {
    Autoscaler autoscaler = autoscaler(AutoscalerConfig.of(1, 50, TARGET));
    int edges = step(autoscaler, 10, 10 * TARGET);
    clock.advance(SYNC);

    autoscaler.reconfigure(AutoscalerConfig.of(1, 40, TARGET));

    assertThat(autoscaler.config().maxEdges()).isEqualTo(40);
    assertThat(autoscaler.decide(edges, TARGET).reason()).isEqualTo(Reason.Stabilized);
  }
}
