package io.streamcluster.operator.kubeapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.streamcluster.api.v1alpha1.CapacityScheduleSpec;
import io.streamcluster.api.v1alpha1.PredictiveScaleUpSpec;
import io.streamcluster.api.v1alpha1.StreamCluster;
import io.streamcluster.api.v1alpha1.StreamClusterStatus;
import io.streamcluster.media.origin.EdgeFleet;
import io.streamcluster.operator.status.Conditions;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Capacity schedules and the surge's status on a real kube-apiserver with a real origin process: a
 * schedule whose hold has begun raises the edges with no viewer there, the status names it and the
 * next one (what {@code kubectl get scl} shows), the autoscaler's inputs and conditions are there
 * as an HPA's, and viewers the origin turns away when every edge is full reach the StreamCluster's
 * status through the cluster view.
 */
class ScheduledCapacityIT {

  static final String NAMESPACE = "schedules-it";
  static final String CLUSTER = "launch";

  static final LiveOrigin origin = new LiveOrigin();
  static OperatorHarness harness;

  @BeforeAll
  static void startTheOperator() throws Exception {
    harness = OperatorHarness.start(NAMESPACE, Duration.ofSeconds(1), origin.endpoints());
  }

  @AfterAll
  static void stop() {
    try {
      origin.close();
    } finally {
      if (harness != null) {
        harness.close();
      }
    }
  }

  @Test
  void aScheduleRaisesTheEdgesAheadOfTheEventAndTheStatusSaysWhy() throws Exception {
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    StreamCluster cluster = harness.newCluster(CLUSTER);
    SubscriberAutoscaling.applyTo(cluster, 6, 3, 2);
    PredictiveScaleUpSpec predictive = new PredictiveScaleUpSpec();
    predictive.setEnabled(true);
    cluster.getSpec().getAutoscaling().getBehavior().getScaleUp().setPredictive(predictive);
    cluster
        .getSpec()
        .getAutoscaling()
        .setSchedules(
            List.of(
                schedule("tonight", now.plusSeconds(120), now.plusSeconds(3600), 5),
                schedule("tomorrow", now.plusSeconds(86_400), now.plusSeconds(90_000), 4)));
    harness.clusters().inNamespace(NAMESPACE).resource(cluster).create();
    EdgeFleetSimulator fleet =
        origin.startWithEdges(harness, CLUSTER, Path.of("target/schedules-it-origin.log"));
    fleet.subscribers(0);

    // the hold began ten minutes before the start: 5 edges, with no viewer yet
    await().atMost(OperatorHarness.TIMEOUT).until(() -> harness.edgeReplicas(CLUSTER) == 5);
    StreamCluster held =
        harness.awaitStatus(
            CLUSTER,
            sc ->
                sc.getStatus().getSchedule() != null
                    && scalingLimited(sc)
                        .filter(c -> "LimitedBySchedule".equals(c.getReason()))
                        .isPresent());
    StreamClusterStatus status = held.getStatus();
    assertThat(status.getSchedule().getActive()).isEqualTo("tonight");
    assertThat(status.getSchedule().getActiveEdges()).isEqualTo(5);
    assertThat(status.getSchedule().getActiveUntil()).isEqualTo(now.plusSeconds(3600).toString());
    assertThat(status.getSchedule().getNext()).isEqualTo("tomorrow");
    assertThat(status.getSchedule().getNextFrom()).isEqualTo(now.plusSeconds(85_800).toString());
    assertThat(status.getSchedule().getSummary())
        .isEqualTo("tonight: 5 edges until " + now.plusSeconds(3600));
    assertThat(condition(held, StreamClusterStatus.ABLE_TO_SCALE).getStatus()).isEqualTo("True");
    assertThat(condition(held, StreamClusterStatus.SCALING_ACTIVE).getReason())
        .isEqualTo("ValidMetricFound");
    assertThat(status.getScaling().getEdgeStartupSeconds()).isNotNull();
    assertThat(harness.events(CLUSTER))
        .anySatisfy(e -> assertThat(e.getReason()).isEqualTo("LimitedBySchedule"));

    // every edge full: while the operator may still add the sixth edge the origin holds a viewer
    // (up to a minute); at the most edges it turns viewers away with a Retry-After and counts them
    fleet.subscribers(100_000);
    await()
        .atMost(OperatorHarness.TIMEOUT.plus(EdgeFleet.MAX_HOLD))
        .until(() -> nextEdge().statusCode() == 503);
    HttpResponse<String> refused = nextEdge();
    assertThat(refused.headers().firstValue("Retry-After")).isPresent();
    harness.awaitStatus(
        CLUSTER,
        sc ->
            sc.getStatus().getRefusedRequests() != null
                && sc.getStatus().getRefusedRequests() >= 2);

    // without the schedule the usual scale-in follows
    fleet.subscribers(0);
    harness.change(CLUSTER, sc -> sc.getSpec().getAutoscaling().setSchedules(null));
    await().atMost(OperatorHarness.TIMEOUT).until(() -> harness.edgeReplicas(CLUSTER) == 2);
    StreamCluster after = harness.awaitStatus(CLUSTER, sc -> sc.getStatus().getSchedule() == null);
    assertThat(after.getStatus().getEdges().getDesiredReplicas()).isEqualTo(2);
    fleet.assertEveryRemovalWasDrainedAndMarked();
  }

  private static CapacityScheduleSpec schedule(String name, Instant start, Instant end, int edges) {
    CapacityScheduleSpec schedule = new CapacityScheduleSpec();
    schedule.setName(name);
    schedule.setStart(start.toString());
    schedule.setEnd(end.toString());
    schedule.setLeadSeconds(600);
    schedule.setMinEdges(edges);
    return schedule;
  }

  private static HttpResponse<String> nextEdge() throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(origin.publicUri().resolve("/cluster"))
                .timeout(EdgeFleet.MAX_HOLD.plusSeconds(15))
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }

  private static Optional<Condition> scalingLimited(StreamCluster cluster) {
    return Conditions.find(cluster.getStatus().getConditions(), StreamClusterStatus.SCALING_LIMITED)
        .filter(c -> "True".equals(c.getStatus()));
  }

  private static Condition condition(StreamCluster cluster, String type) {
    return Conditions.find(cluster.getStatus().getConditions(), type).orElseThrow();
  }
}
