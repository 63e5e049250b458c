package io.streamcluster.operator.scaleloop;

import static io.streamcluster.operator.scaleloop.Edges.ready;
import static org.assertj.core.api.Assertions.assertThat;

import io.streamcluster.media.clusterapi.ClusterSecret;
import io.streamcluster.media.clusterapi.EdgeState;
import io.streamcluster.media.clusterapi.EdgeView;
import io.streamcluster.media.clusterapi.RotationAdvice;
import io.streamcluster.operator.autoscaler.AutoscalerConfig;
import io.streamcluster.operator.autoscaler.CapacitySchedule;
import io.streamcluster.operator.autoscaler.LoadReading;
import io.streamcluster.operator.autoscaler.ScalingBehavior;
import io.streamcluster.operator.autoscaler.ScalingDecision.Reason;
import io.streamcluster.operator.autoscaler.ScalingPolicy;
import io.streamcluster.operator.autoscaler.ScalingRules;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EdgeScalerTest {

  static final Duration SYNC = Duration.ofSeconds(15);
  static final AutoscalerConfig CONFIG =
      AutoscalerConfig.of(2, 10, 100)
          .withBehavior(
              new ScalingBehavior(
                  ScalingRules.hpaDefaultScaleUp(),
                  new ScalingRules(
                      Duration.ZERO,
                      ScalingRules.SelectPolicy.MAX,
                      List.of(ScalingPolicy.pods(5, Duration.ofSeconds(15))))));
  static final OriginAccess ORIGINS =
      new OriginAccess(
          List.of(URI.create("http://origin:5080")),
          new ClusterSecret("0123456789abcdef0123".getBytes(), Clock.systemUTC()));

  Instant now = Instant.parse("2026-01-01T00:00:00Z");
  InstantSource clock = () -> now;
  List<String> calls = new ArrayList<>();
  FakeOrigin origin = new FakeOrigin();
  FakeEdges edges = new FakeEdges();
  FakeEvents events = new FakeEvents();
  EdgeScaler scaler = new EdgeScaler(origin, SYNC, clock);

  @Test
  void scalesUpWithTheLoad() {
    origin.edges = List.of(ready("e-1", 300), ready("e-2", 300));

    ScalingOutcome outcome = sync(2);

    assertThat(calls).containsExactly("scale 6");
    assertThat(outcome.decision().orElseThrow().reason()).isEqualTo(Reason.ScaledUp);
    assertThat(outcome.lastScaleTime()).contains(now);
    assertThat(events.normal).singleElement().asString().startsWith("ScaledUp");
  }

  @Test
  void drainsTheLeastLoadedEdgesBeforeScalingIn() {
    edges.pods.addAll(Set.of("e-1", "e-2", "e-3", "e-4"));
    origin.edges = List.of(ready("e-1", 90), ready("e-2", 10), ready("e-3", 80), ready("e-4", 20));

    sync(4);

    assertThat(calls)
        .containsExactly("drain e-2", "prefer e-2", "drain e-4", "prefer e-4", "scale 2");
  }

  @Test
  void doesNotScaleInWhenADrainFails() {
    edges.pods.addAll(Set.of("e-1", "e-2", "e-3"));
    origin.edges = List.of(ready("e-1", 10), ready("e-2", 10), ready("e-3", 10));
    origin.drainFails = true;

    ScalingOutcome outcome = sync(3);

    assertThat(calls).doesNotContain("scale 2");
    assertThat(outcome.problem()).hasValueSatisfying(p -> assertThat(p).contains("draining edge"));
    assertThat(events.warnings).singleElement().asString().startsWith("DrainFailed");
  }

  @Test
  void holdsTheEdgesWhenTheOriginCannotBeRead() {
    origin.unreachable = true;

    ScalingOutcome first = sync(4);
    now = now.plus(SYNC);
    sync(4);

    assertThat(calls).isEmpty();
    assertThat(first.decision().orElseThrow().reason()).isEqualTo(Reason.MetricsUnavailable);
    assertThat(first.problem())
        .hasValueSatisfying(p -> assertThat(p).contains("connection refused"));
    // one warning when the origin becomes unreadable, not one per sync
    assertThat(events.warnings).singleElement().asString().startsWith("OriginUnreadable");
  }

  @Test
  void neverGoesBelowMinEdgesEvenWithoutLoad() {
    origin.unreachable = true;

    sync(1);

    assertThat(calls).containsExactly("scale 2");
  }

  @Test
  void decidesOncePerSyncPeriod() {
    origin.edges = List.of(ready("e-1", 100), ready("e-2", 100));

    ScalingOutcome first = sync(2);
    now = now.plusSeconds(5);
    ScalingOutcome early = sync(2);

    assertThat(origin.reads).isEqualTo(1);
    assertThat(first.nextSync()).isEqualTo(SYNC);
    assertThat(early.nextSync()).isEqualTo(Duration.ofSeconds(10));
    assertThat(early.decision()).isEqualTo(first.decision());

    now = now.plusSeconds(10);
    sync(2);
    assertThat(origin.reads).isEqualTo(2);
  }

  @Test
  void waitsForTheClusterSecret() {
    ScalingOutcome outcome = scaler.sync("uid", CONFIG, 2, Optional.empty(), edges, events);

    assertThat(outcome.problem()).contains("the cluster secret does not exist yet");
    assertThat(origin.reads).isZero();
  }

  @Test
  void keepsOneAutoscalerPerCluster() {
    origin.edges = List.of(ready("e-1", 0), ready("e-2", 0), ready("e-3", 0), ready("e-4", 0));
    AutoscalerConfig slowDown =
        CONFIG.withBehavior(
            CONFIG
                .behavior()
                .withScaleDown(
                    new ScalingRules(
                        Duration.ofSeconds(60),
                        ScalingRules.SelectPolicy.MAX,
                        List.of(ScalingPolicy.pods(5, Duration.ofSeconds(15))))));

    // each cluster's first sync seeds its own scale-down window with its current 4 edges
    scaler.sync("a", slowDown, 4, Optional.of(ORIGINS), edges, events);
    now = now.plus(SYNC);
    scaler.sync("a", slowDown, 4, Optional.of(ORIGINS), edges, events);
    scaler.sync("b", slowDown, 4, Optional.of(ORIGINS), edges, events);
    assertThat(calls).isEmpty();

    // a minute after a's first sync its window has let go of the 4; b's has not
    now = now.plusSeconds(45);
    scaler.sync("a", slowDown, 4, Optional.of(ORIGINS), edges, events);
    scaler.sync("b", slowDown, 4, Optional.of(ORIGINS), edges, events);
    assertThat(calls).containsExactly("scale 2");
  }

  @Test
  void tellsTheOriginsTheTargetTheOverflowTheEdgesOnTheirWayAndHowManyMoreMayCome() {
    origin.edges = List.of(ready("e-1", 300), ready("e-2", 300));
    OverflowPolicy noOverflow = new OverflowPolicy(false, Duration.ofSeconds(5));

    scaler.sync("uid", CONFIG, noOverflow, 2, Optional.of(ORIGINS), edges, events);

    assertThat(calls).containsExactly("scale 6");
    assertThat(origin.advices)
        .as("6 of at most 10 edges asked for: 4 more may come")
        .containsExactly(new RotationAdvice(100, false, 5, 4, now.plusSeconds(30), 4));
  }

  @Test
  void atMaxEdgesTheOriginsAreToldNoMoreEdgesMayCome() {
    origin.edges = List.of(ready("e-1", 900), ready("e-2", 900));
    AutoscalerConfig atMostSix = AutoscalerConfig.of(2, 6, 100).withBehavior(CONFIG.behavior());

    scaler.sync("uid", atMostSix, OverflowPolicy.DEFAULT, 2, Optional.of(ORIGINS), edges, events);

    assertThat(calls).containsExactly("scale 6");
    assertThat(origin.advices)
        .singleElement()
        .extracting(RotationAdvice::edgesBelowMax)
        .isEqualTo(0);
  }

  @Test
  void noAdviceWhileTheOriginsCannotBeRead() {
    origin.unreachable = true;

    sync(2);

    assertThat(origin.advices).isEmpty();
  }

  @Test
  void theAutoscalerReadsWhenEachReadyEdgeFirstCheckedIn() {
    Instant started = Instant.parse("2026-01-01T00:00:00Z");
    EdgeView early = ready("e-1", 10);
    EdgeView first =
        new EdgeView("e-2", "h", 1935, 5080, EdgeState.READY, 5, 2000, Map.of(), 0, now, started);
    EdgeView leaving = Edges.edge("e-3", EdgeState.DRAINING, 1);

    LoadReading reading =
        EdgeScaler.reading(new ClusterLoad(List.of(early, first, leaving), 16, 3, 7));

    assertThat(reading.subscribers()).isEqualTo(16);
    assertThat(reading.waitingViewers()).isEqualTo(7);
    assertThat(reading.readyEdges()).isEqualTo(Map.of("e-1", early.firstCheckIn(), "e-2", started));
  }

  @Test
  void theOutcomeCarriesTheOriginsRefusalsAndTheSchedules() {
    origin.edges = List.of(ready("e-1", 100), ready("e-2", 100));
    origin.refusals = 90;
    CapacitySchedule tonight =
        new CapacitySchedule(
            "tonight", now.plusSeconds(3600), now.plusSeconds(3000), now.plusSeconds(9000), 8, 0);

    ScalingOutcome outcome =
        scaler.sync(
            "uid", CONFIG.withSchedules(List.of(tonight)), 2, Optional.of(ORIGINS), edges, events);

    assertThat(outcome.refusedRequests()).hasValue(90);
    assertThat(outcome.schedules().active()).isEmpty();
    assertThat(outcome.schedules().next()).contains(tonight);
  }

  private ScalingOutcome sync(int currentEdges) {
    return scaler.sync("uid", CONFIG, currentEdges, Optional.of(ORIGINS), edges, events);
  }

  final class FakeOrigin implements ClusterLoadSource {
    List<EdgeView> edges = List.of();
    boolean unreachable;
    boolean drainFails;
    int reads;
    long refusals;
    List<RotationAdvice> advices = new ArrayList<>();

    @Override
    public ClusterLoad read(OriginAccess origins) throws IOException {
      reads++;
      if (unreachable) {
        throw new IOException("connection refused");
      }
      return new ClusterLoad(
          edges, edges.stream().mapToLong(EdgeView::subscribers).sum(), refusals, 0);
    }

    @Override
    public void advise(OriginAccess origins, RotationAdvice advice) {
      advices.add(advice);
    }

    @Override
    public boolean drain(OriginAccess origins, String edgeId) throws IOException {
      if (drainFails) {
        throw new IOException("503");
      }
      calls.add("drain " + edgeId);
      return true;
    }
  }

  final class FakeEdges implements EdgeScaleTarget {
    Set<String> pods = new HashSet<>();

    @Override
    public Set<String> edgePods() {
      return pods;
    }

    @Override
    public void preferForRemoval(String pod) {
      calls.add("prefer " + pod);
    }

    @Override
    public void scale(int edges) {
      calls.add("scale " + edges);
    }
  }

  static final class FakeEvents implements ClusterEvents {
    List<String> normal = new ArrayList<>();
    List<String> warnings = new ArrayList<>();

    @Override
    public void normal(String reason, String message) {
      normal.add(reason + ": " + message);
    }

    @Override
    public void warning(String reason, String message) {
      warnings.add(reason + ": " + message);
    }
  }
}
