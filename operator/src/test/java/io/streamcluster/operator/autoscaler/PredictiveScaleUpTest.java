package io.streamcluster.operator.autoscaler;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamcluster.operator.autoscaler.ScalingDecision.Reason;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Scaling up for the load expected once new edges are ready: the join rate, the measured start-up
 * time, and what HPA's algorithm stays when the option is off.
 */
class PredictiveScaleUpTest {

  static final Duration SYNC = Duration.ofSeconds(15);
  static final long TARGET = 1_500;

  final ManualClock clock = new ManualClock(Instant.parse("2026-12-24T19:00:00Z"));
  final Map<String, Instant> ready = new HashMap<>();

  static AutoscalerConfig predictive(Duration assumedStartup) {
    return AutoscalerConfig.of(2, 50, TARGET)
        .withBehavior(
            ScalingBehavior.HPA_DEFAULT.withPredictive(new PredictiveScaleUp(assumedStartup)));
  }

  LoadReading reading(long subscribers) {
    return new LoadReading(subscribers, 0, ready);
  }

  void edgesCheckIn(String... ids) {
    for (String id : ids) {
      ready.put(id, clock.instant());
    }
  }

  @Test
  void asksForTheDemandWhenNewEdgesAreReadyPlusOneMoreStartUpOfJoins() {
    edgesCheckIn("e-1", "e-2");
    Autoscaler autoscaler = new Autoscaler(predictive(Duration.ofSeconds(10)), clock);
    autoscaler.decide(2, reading(1_000));
    clock.advance(SYNC);

    // 150 a second joined over the last 15 s: 3,250 + 2 × 150 × 10 s = 6,250 → 5 edges at 1,500
    ScalingDecision decision = autoscaler.decide(2, reading(3_250));

    assertThat(decision.signals().joinRatePerSecond()).isEqualTo(150);
    assertThat(decision.signals().predictedEdges()).isEqualTo(5);
    assertThat(decision.recommendedEdges()).isEqualTo(5);
    assertThat(decision.desiredEdges()).isEqualTo(5);
    assertThat(decision.reason()).isEqualTo(Reason.ScaledUp);
    assertThat(decision.message())
        .contains("joining at 150.0/s with new edges ready in about 10 s", "scaling 2 -> 5 edges");
  }

  @Test
  void hpasAlgorithmAloneAsksOnlyForTheLoadThatHasArrived() {
    edgesCheckIn("e-1", "e-2");
    Autoscaler autoscaler = new Autoscaler(AutoscalerConfig.of(2, 50, TARGET), clock);
    autoscaler.decide(2, reading(1_000));
    clock.advance(SYNC);

    ScalingDecision decision = autoscaler.decide(2, reading(3_700));

    assertThat(decision.desiredEdges()).isEqualTo(3);
    assertThat(decision.signals().predictedEdges()).isZero();
    assertThat(decision.signals().joinRatePerSecond())
        .as("measured either way, for the status and the metrics")
        .isEqualTo(180);
  }

  @Test
  void aSteadyAudienceAsksForWhatHpaAsksFor() {
    edgesCheckIn("e-1", "e-2", "e-3", "e-4");
    Autoscaler autoscaler = new Autoscaler(predictive(Duration.ofSeconds(30)), clock);
    autoscaler.decide(4, reading(5_800));
    clock.advance(SYNC);

    ScalingDecision decision = autoscaler.decide(4, reading(5_700));

    assertThat(decision.signals().joinRatePerSecond()).isZero();
    assertThat(decision.desiredEdges()).isEqualTo(4);
    assertThat(decision.reason()).isEqualTo(Reason.WithinTolerance);
  }

  @Test
  void measuresTheStartUpFromTheScaleUpToTheFirstCheckIn() {
    edgesCheckIn("e-1", "e-2");
    Autoscaler autoscaler = new Autoscaler(predictive(Duration.ofSeconds(30)), clock);
    autoscaler.recordScale(autoscaler.decide(2, reading(6_000)));
    assertThat(autoscaler.expectedEdges().count()).isEqualTo(2);
    assertThat(autoscaler.expectedEdges().firstAt())
        .as("assumed until measured")
        .contains(clock.instant().plusSeconds(30));

    clock.advanceSeconds(9);
    edgesCheckIn("e-3");
    clock.advanceSeconds(3);
    edgesCheckIn("e-4");
    clock.advanceSeconds(3);
    ScalingDecision next = autoscaler.decide(4, reading(6_000));

    assertThat(next.signals().edgeStartupMeasured()).isTrue();
    assertThat(next.signals().edgeStartup()).isEqualTo(Duration.ofSeconds(12));
    assertThat(next.signals().pendingEdges()).isZero();
    assertThat(autoscaler.expectedEdges().firstAt()).isEmpty();
  }

  @Test
  void edgesSlowerThanMeasuredMakeTheEstimateGrowWhileTheyAreAwaited() {
    edgesCheckIn("e-1", "e-2");
    Autoscaler autoscaler = new Autoscaler(predictive(Duration.ofSeconds(10)), clock);
    autoscaler.recordScale(autoscaler.decide(2, reading(6_000)));

    clock.advanceSeconds(95);
    ScalingDecision waiting = autoscaler.decide(4, reading(6_000));

    assertThat(waiting.signals().edgeStartup()).isEqualTo(Duration.ofSeconds(95));
    assertThat(waiting.signals().pendingEdges()).isEqualTo(2);
  }

  @Test
  void theClustersFirstEdgesGiveTheFirstSample() {
    Autoscaler autoscaler = new Autoscaler(predictive(Duration.ofSeconds(30)), clock);
    autoscaler.decide(2, reading(0));

    clock.advanceSeconds(8);
    edgesCheckIn("e-1", "e-2");
    clock.advanceSeconds(7);
    ScalingDecision decision = autoscaler.decide(2, reading(0));

    assertThat(decision.signals().edgeStartup()).isEqualTo(Duration.ofSeconds(8));
    assertThat(decision.signals().edgeStartupMeasured()).isTrue();
  }

  @Test
  void anEdgeThatReplacesALostOneIsNoSample() {
    edgesCheckIn("e-1", "e-2");
    Autoscaler autoscaler = new Autoscaler(predictive(Duration.ofSeconds(30)), clock);
    autoscaler.decide(2, reading(100));

    clock.advance(SYNC);
    ready.remove("e-2");
    edgesCheckIn("e-3");
    ScalingDecision decision = autoscaler.decide(2, reading(100));

    assertThat(decision.signals().edgeStartupMeasured()).isFalse();
    assertThat(decision.signals().edgeStartup()).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void viewersHeldForAnEdgeCountAsDemand() {
    edgesCheckIn("e-1", "e-2");
    Autoscaler autoscaler = new Autoscaler(predictive(Duration.ofSeconds(10)), clock);
    autoscaler.decide(2, new LoadReading(4_000, 0, ready));
    clock.advance(SYNC);

    // every edge is full at 2,000: the demand still grew by 1,500 in 15 s
    ScalingDecision decision = autoscaler.decide(2, new LoadReading(4_000, 1_500, ready));

    assertThat(decision.signals().joinRatePerSecond()).isEqualTo(100);
    assertThat(decision.signals().waitingViewers()).isEqualTo(1_500);
    assertThat(decision.message()).contains("1500 viewers waiting");
  }

  @Test
  void scaleInStaysAsSlowAsHpas() {
    edgesCheckIn("e-1", "e-2");
    Autoscaler autoscaler = new Autoscaler(predictive(Duration.ofSeconds(10)), clock);
    autoscaler.decide(2, reading(1_000));
    clock.advance(SYNC);
    int edges = autoscaler.decide(2, reading(4_000)).desiredEdges();
    assertThat(edges).isGreaterThan(3);

    // the audience is gone at once; the scale-down window still remembers the look-ahead
    for (int i = 0; i < 19; i++) {
      clock.advance(SYNC);
      assertThat(autoscaler.decide(edges, reading(100)).desiredEdges()).isEqualTo(edges);
    }
    clock.advance(SYNC.multipliedBy(2));
    assertThat(autoscaler.decide(edges, reading(100)).desiredEdges()).isEqualTo(2);
  }

  @Test
  void scalingPoliciesStillLimitHowFastTheEdgesGrow() {
    edgesCheckIn("e-1", "e-2");
    AutoscalerConfig slowUp =
        predictive(Duration.ofSeconds(30))
            .withBehavior(
                ScalingBehavior.HPA_DEFAULT
                    .withScaleUp(
                        new ScalingRules(
                            Duration.ZERO,
                            ScalingRules.SelectPolicy.MAX,
                            List.of(ScalingPolicy.pods(1, Duration.ofSeconds(60)))))
                    .withPredictive(new PredictiveScaleUp(Duration.ofSeconds(30))));
    Autoscaler autoscaler = new Autoscaler(slowUp, clock);
    autoscaler.decide(2, reading(1_000));
    clock.advance(SYNC);

    ScalingDecision decision = autoscaler.decide(2, reading(3_000));

    assertThat(decision.recommendedEdges()).isGreaterThan(3);
    assertThat(decision.desiredEdges()).isEqualTo(3);
    assertThat(decision.reason()).isEqualTo(Reason.LimitedByPolicy);
  }
}
