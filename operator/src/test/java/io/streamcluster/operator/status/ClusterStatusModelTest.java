package io.streamcluster.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.streamcluster.api.v1alpha1.AutoscalingSpec.Mode;
import io.streamcluster.api.v1alpha1.StreamCluster;
import io.streamcluster.api.v1alpha1.StreamClusterStatus;
import io.streamcluster.operator.autoscaler.CapacitySchedule;
import io.streamcluster.operator.autoscaler.ScalingDecision;
import io.streamcluster.operator.autoscaler.ScalingDecision.Reason;
import io.streamcluster.operator.autoscaler.ScalingDecision.Signals;
import io.streamcluster.operator.model.StreamClusters;
import io.streamcluster.operator.scaleloop.ScalingOutcome;
import io.streamcluster.operator.scaleloop.ScheduleOutlook;
import io.streamcluster.operator.status.ClusterStatusModel.Observed;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class ClusterStatusModelTest {

  static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

  StreamCluster cluster = StreamClusters.named("live", "video");

  @Test
  void readyWhenOriginsAndEdgesAre() {
    cluster.getMetadata().setGeneration(4L);

    StreamClusterStatus status = compute(observed(origins(1, 1), edges(3, 3, 3), Optional.empty()));

    assertThat(status.getObservedGeneration()).isEqualTo(4L);
    assertThat(condition(status, "Ready"))
        .satisfies(
            c -> {
              assertThat(c.getStatus()).isEqualTo("True");
              assertThat(c.getReason()).isEqualTo("Ready");
              assertThat(c.getObservedGeneration()).isEqualTo(4L);
              assertThat(c.getLastTransitionTime()).isEqualTo("2026-03-01T12:00:00Z");
            });
    assertThat(condition(status, "OriginReady").getStatus()).isEqualTo("True");
    assertThat(condition(status, "EdgesReady").getMessage()).isEqualTo("3 of 3 edge pods ready");
    assertThat(status.getEdges().getReplicas()).isEqualTo(3);
    assertThat(status.getEdges().getSelector())
        .isEqualTo(
            "app.kubernetes.io/name=streamcluster,app.kubernetes.io/instance=live,"
                + "app.kubernetes.io/component=edge");
    assertThat(status.getClusterUrl()).isEqualTo("http://live-origin.video.svc:5080/cluster");
    assertThat(status.getOriginEndpoint()).isEqualTo("live-origin.video.svc:1935");
  }

  @Test
  void notReadyWhileEdgesStart() {
    StreamClusterStatus status = compute(observed(origins(1, 1), edges(3, 3, 1), Optional.empty()));

    assertThat(condition(status, "Ready").getStatus()).isEqualTo("False");
    assertThat(condition(status, "Ready").getReason()).isEqualTo("EdgesNotReady");
    assertThat(condition(status, "Ready").getMessage()).isEqualTo("1 of 3 edge pods ready");
    assertThat(status.getEdges().getReadyReplicas()).isEqualTo(1);
  }

  @Test
  void notReadyWithoutOrigins() {
    StreamClusterStatus status =
        compute(observed(Optional.empty(), edges(2, 2, 2), Optional.empty()));

    assertThat(condition(status, "OriginReady").getReason()).isEqualTo("OriginsMissing");
    assertThat(condition(status, "Ready").getReason()).isEqualTo("OriginNotReady");
  }

  @Test
  void theTransitionTimeMovesOnlyWithTheStatus() {
    StreamClusterStatus first = compute(observed(origins(1, 1), edges(2, 2, 2), Optional.empty()));
    cluster.setStatus(first);

    StreamClusterStatus same =
        ClusterStatusModel.compute(
            cluster,
            observed(origins(1, 1), edges(2, 2, 2), Optional.empty()),
            NOW.plusSeconds(60));
    StreamClusterStatus changed =
        ClusterStatusModel.compute(
            cluster,
            observed(origins(1, 0), edges(2, 2, 2), Optional.empty()),
            NOW.plusSeconds(60));

    assertThat(condition(same, "Ready").getLastTransitionTime()).isEqualTo("2026-03-01T12:00:00Z");
    assertThat(condition(changed, "Ready").getLastTransitionTime())
        .isEqualTo("2026-03-01T12:01:00Z");
  }

  @Test
  void aLimitedDecisionSetsScalingLimited() {
    ScalingDecision atMax =
        new ScalingDecision(
            NOW, 50, OptionalLong.of(90_000), 60, 50, Reason.LimitedByMax, "90000 subscribers...");
    StreamClusterStatus status =
        compute(
            observed(
                origins(1, 1),
                edges(50, 50, 50),
                Optional.of(
                    new ScalingOutcome(
                        Optional.of(atMax),
                        Optional.of(NOW.minusSeconds(30)),
                        Optional.empty(),
                        Duration.ofSeconds(15)))));

    assertThat(condition(status, "ScalingLimited"))
        .satisfies(
            c -> {
              assertThat(c.getStatus()).isEqualTo("True");
              assertThat(c.getReason()).isEqualTo("LimitedByMax");
            });
    assertThat(status.getSubscribers()).isEqualTo(90_000L);
    assertThat(status.getEdges().getDesiredReplicas()).isEqualTo(50);
    assertThat(status.getLastScaleTime()).isEqualTo("2026-03-01T11:59:30Z");
  }

  @Test
  void anUnreadableOriginSaysSoAndKeepsTheLastCount() {
    StreamClusterStatus previous = new StreamClusterStatus();
    previous.setSubscribers(1234L);
    previous.setLastScaleTime("2026-03-01T11:00:00Z");
    cluster.setStatus(previous);
    ScalingDecision hold =
        new ScalingDecision(
            NOW, 3, OptionalLong.empty(), 3, 3, Reason.MetricsUnavailable, "keeping 3 edges");

    StreamClusterStatus status =
        compute(
            observed(
                origins(1, 1),
                edges(3, 3, 3),
                Optional.of(
                    new ScalingOutcome(
                        Optional.of(hold),
                        Optional.empty(),
                        Optional.of("the origins' cluster API cannot be read: refused"),
                        Duration.ofSeconds(15)))));

    Condition limited = condition(status, "ScalingLimited");
    assertThat(limited.getStatus()).isEqualTo("True");
    assertThat(limited.getReason()).isEqualTo("MetricsUnavailable");
    assertThat(limited.getMessage()).startsWith("the origins' cluster API cannot be read");
    assertThat(status.getSubscribers()).isEqualTo(1234L);
    assertThat(status.getLastScaleTime()).isEqualTo("2026-03-01T11:00:00Z");
  }

  @Test
  void externalScalingIsNotLimitedByTheOperator() {
    cluster.getSpec().getAutoscaling().setMode(Mode.External);

    StreamClusterStatus status = compute(observed(origins(1, 1), edges(5, 5, 5), Optional.empty()));

    assertThat(condition(status, "ScalingLimited").getStatus()).isEqualTo("False");
    assertThat(condition(status, "ScalingLimited").getReason()).isEqualTo("ExternalScaling");
    assertThat(status.getEdges().getDesiredReplicas()).isEqualTo(5);
  }

  @Test
  void anInvalidSpecIsTheReadyCondition() {
    StreamClusterStatus status =
        compute(Observed.failed("InvalidSpec", "spec.edge.resources: cpu request 2 exceeds 1"));

    assertThat(condition(status, "Ready").getReason()).isEqualTo("InvalidSpec");
    assertThat(condition(status, "Ready").getMessage()).contains("cpu request");
  }

  @Test
  void aLoadBalancerAddressIsTheOriginEndpoint() {
    Service service =
        new ServiceBuilder()
            .withNewStatus()
            .withNewLoadBalancer()
            .addNewIngress()
            .withIp("203.0.113.7")
            .endIngress()
            .endLoadBalancer()
            .endStatus()
            .build();

    StreamClusterStatus status =
        compute(
            new Observed(
                origins(1, 1),
                edges(2, 2, 2),
                Optional.of(service),
                Optional.empty(),
                Optional.empty()));

    assertThat(status.getOriginEndpoint()).isEqualTo("203.0.113.7:1935");
  }

  @Test
  void conditionsComeInAFixedOrder() {
    StreamClusterStatus status = compute(observed(origins(1, 1), edges(2, 2, 2), Optional.empty()));

    assertThat(status.getConditions())
        .extracting(Condition::getType)
        .isEqualTo(
            List.of(
                "OriginReady",
                "EdgesReady",
                "AbleToScale",
                "ScalingActive",
                "ScalingLimited",
                "Ready"));
  }

  @Test
  void theAutoscalersInputsAndDecisionAreConditionsAsAnHpasAndStatusFields() {
    ScalingDecision ahead =
        new ScalingDecision(
            NOW,
            2,
            OptionalLong.of(3_250),
            5,
            5,
            Reason.ScaledUp,
            "3250 subscribers on 2 edges...: scaling 2 -> 5 edges",
            new Signals(40, 150.04, Duration.ofSeconds(11), true, 5, Optional.empty(), 0, 3));

    StreamClusterStatus status =
        compute(
            observed(
                origins(1, 1),
                edges(5, 2, 2),
                Optional.of(
                    new ScalingOutcome(
                        Optional.of(ahead),
                        Optional.of(NOW),
                        Optional.empty(),
                        Duration.ofSeconds(15),
                        OptionalLong.of(12),
                        ScheduleOutlook.NONE))));

    assertThat(condition(status, "AbleToScale").getStatus()).isEqualTo("True");
    assertThat(condition(status, "AbleToScale").getReason()).isEqualTo("SucceededRescale");
    assertThat(condition(status, "ScalingActive").getStatus()).isEqualTo("True");
    assertThat(condition(status, "ScalingActive").getReason()).isEqualTo("ValidMetricFound");
    assertThat(condition(status, "ScalingActive").getMessage())
        .isEqualTo(
            "the origins report 3250 subscribers and 40 viewers waiting; 150.0 joining per second");
    assertThat(condition(status, "ScalingLimited").getStatus()).isEqualTo("False");
    assertThat(status.getRefusedRequests()).isEqualTo(12L);
    assertThat(status.getScaling().getJoinRatePerSecond()).isEqualTo(150.0);
    assertThat(status.getScaling().getWaitingViewers()).isEqualTo(40L);
    assertThat(status.getScaling().getEdgeStartupSeconds()).isEqualTo(11);
    assertThat(status.getScaling().getEdgeStartupMeasured()).isTrue();
    assertThat(status.getScaling().getPredictedEdges()).isEqualTo(5);
    assertThat(status.getScaling().getPendingEdges()).isEqualTo(3);
    assertThat(status.getSchedule()).isNull();
  }

  @Test
  void anUnreadableOriginIsScalingActiveFalseAndKeepsTheLastRefusals() {
    StreamClusterStatus previous = new StreamClusterStatus();
    previous.setRefusedRequests(90L);
    cluster.setStatus(previous);
    ScalingDecision hold =
        new ScalingDecision(
            NOW, 3, OptionalLong.empty(), 3, 3, Reason.MetricsUnavailable, "keeping 3 edges");

    StreamClusterStatus status =
        compute(
            observed(
                origins(1, 1),
                edges(3, 3, 3),
                Optional.of(
                    new ScalingOutcome(
                        Optional.of(hold),
                        Optional.empty(),
                        Optional.of("the origins' cluster API cannot be read: refused"),
                        Duration.ofSeconds(15)))));

    assertThat(condition(status, "ScalingActive").getStatus()).isEqualTo("False");
    assertThat(condition(status, "ScalingActive").getReason()).isEqualTo("FailedGetSubscribers");
    assertThat(condition(status, "ScalingActive").getMessage())
        .startsWith("the origins' cluster API cannot be read");
    assertThat(condition(status, "AbleToScale").getStatus()).isEqualTo("True");
    assertThat(status.getRefusedRequests()).isEqualTo(90L);
  }

  @Test
  void aScaleThatCouldNotBeCarriedOutIsAbleToScaleFalse() {
    ScalingDecision up =
        new ScalingDecision(NOW, 2, OptionalLong.of(900), 9, 9, Reason.ScaledUp, "scaling 2 -> 9");

    StreamClusterStatus status =
        compute(
            observed(
                origins(1, 1),
                edges(2, 2, 2),
                Optional.of(
                    new ScalingOutcome(
                        Optional.of(up),
                        Optional.empty(),
                        Optional.of("scaling the edges to 9 failed: forbidden"),
                        Duration.ofSeconds(15)))));

    assertThat(condition(status, "AbleToScale").getStatus()).isEqualTo("False");
    assertThat(condition(status, "AbleToScale").getReason()).isEqualTo("FailedUpdateScale");
    assertThat(condition(status, "AbleToScale").getMessage()).contains("forbidden");
    assertThat(condition(status, "ScalingActive").getStatus()).isEqualTo("True");
  }

  @Test
  void aScaleDownHeldByTheWindowIsScaleDownStabilized() {
    ScalingDecision held =
        new ScalingDecision(
            NOW, 8, OptionalLong.of(200), 2, 8, Reason.Stabilized, "...: keeping 8 edges");

    StreamClusterStatus status =
        compute(
            observed(
                origins(1, 1),
                edges(8, 8, 8),
                Optional.of(
                    new ScalingOutcome(
                        Optional.of(held),
                        Optional.empty(),
                        Optional.empty(),
                        Duration.ofSeconds(15)))));

    assertThat(condition(status, "AbleToScale").getReason()).isEqualTo("ScaleDownStabilized");
  }

  @Test
  void theScheduleStatusNamesTheActiveOneOrTheNextForKubectl() {
    CapacitySchedule last =
        new CapacitySchedule(
            "final",
            Instant.parse("2026-03-01T19:00:00Z"),
            Instant.parse("2026-03-01T18:50:00Z"),
            Instant.parse("2026-03-01T21:30:00Z"),
            0,
            20_000);
    CapacitySchedule semi =
        new CapacitySchedule(
            "semi",
            Instant.parse("2026-03-01T12:00:00Z"),
            Instant.parse("2026-03-01T11:50:00Z"),
            Instant.parse("2026-03-01T14:00:00Z"),
            6,
            0);

    StreamClusterStatus before =
        compute(
            observed(
                origins(1, 1),
                edges(2, 2, 2),
                scheduled(new ScheduleOutlook(Optional.empty(), 0, Optional.of(last)))));
    StreamClusterStatus during =
        compute(
            observed(
                origins(1, 1),
                edges(6, 6, 6),
                scheduled(new ScheduleOutlook(Optional.of(semi), 6, Optional.of(last)))));

    assertThat(before.getSchedule().getSummary())
        .isEqualTo("next: final from 2026-03-01T18:50:00Z");
    assertThat(before.getSchedule().getNext()).isEqualTo("final");
    assertThat(before.getSchedule().getNextFrom()).isEqualTo("2026-03-01T18:50:00Z");
    assertThat(before.getSchedule().getActive()).isNull();
    assertThat(during.getSchedule().getSummary())
        .isEqualTo("semi: 6 edges until 2026-03-01T14:00:00Z");
    assertThat(during.getSchedule().getActive()).isEqualTo("semi");
    assertThat(during.getSchedule().getActiveEdges()).isEqualTo(6);
    assertThat(during.getSchedule().getActiveUntil()).isEqualTo("2026-03-01T14:00:00Z");
  }

  @Test
  void inModeExternalTheOperatorNeitherReadsNorScales() {
    cluster.getSpec().getAutoscaling().setMode(Mode.External);

    StreamClusterStatus status = compute(observed(origins(1, 1), edges(5, 5, 5), Optional.empty()));

    assertThat(condition(status, "AbleToScale").getReason()).isEqualTo("ExternalScaling");
    assertThat(condition(status, "ScalingActive").getStatus()).isEqualTo("False");
    assertThat(status.getScaling()).isNull();
  }

  private static Optional<ScalingOutcome> scheduled(ScheduleOutlook outlook) {
    return Optional.of(
        new ScalingOutcome(
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Duration.ofSeconds(15),
            OptionalLong.empty(),
            outlook));
  }

  private StreamClusterStatus compute(Observed observed) {
    return ClusterStatusModel.compute(cluster, observed, NOW);
  }

  private static Observed observed(
      Optional<StatefulSet> origins, Optional<Deployment> edges, Optional<ScalingOutcome> scaling) {
    return new Observed(origins, edges, Optional.empty(), scaling, Optional.empty());
  }

  private static Optional<StatefulSet> origins(int replicas, int ready) {
    return Optional.of(
        new StatefulSetBuilder()
            .withNewSpec()
            .withReplicas(replicas)
            .endSpec()
            .withNewStatus()
            .withReplicas(replicas)
            .withReadyReplicas(ready)
            .endStatus()
            .build());
  }

  private static Optional<Deployment> edges(int wanted, int pods, int ready) {
    return Optional.of(
        new DeploymentBuilder()
            .withNewSpec()
            .withReplicas(wanted)
            .endSpec()
            .withNewStatus()
            .withReplicas(pods)
            .withReadyReplicas(ready)
            .endStatus()
            .build());
  }

  private static Condition condition(StreamClusterStatus status, String type) {
    return Conditions.find(status.getConditions(), type).orElseThrow();
  }
}
