package io.streamcluster.operator.kubeapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.streamcluster.api.v1alpha1.StreamCluster;
import io.streamcluster.api.v1alpha1.StreamClusterStatus;
import io.streamcluster.operator.status.Conditions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The autoscaler end to end on a real kube-apiserver with a real origin process: simulated edges
 * check in with the origin, the operator reads the origin's cluster API every second, and the edge
 * Deployment grows and shrinks with the subscribers, within minEdges and maxEdges and at the pace
 * the behavior's policies allow; every edge removed was drained at the origin first and carried the
 * lowest pod deletion cost.
 */
class EdgeAutoscalingIT {

  static final String NAMESPACE = "autoscaling-it";
  static final String CLUSTER = "live";
  static final Duration TIMEOUT = OperatorHarness.TIMEOUT;

  static final LiveOrigin origin = new LiveOrigin();
  static OperatorHarness harness;

  @BeforeAll
  static void startTheOperator() throws Exception {
    // the operator reaches the origin process instead of the origin Service's DNS name
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
  void theEdgesFollowTheSubscribersWithinBoundsAndPoliciesAndDrainBeforeScalingIn()
      throws Exception {
    StreamCluster cluster = harness.newCluster(CLUSTER);
    SubscriberAutoscaling.applyTo(cluster, 5, 3, 1);
    harness.clusters().inNamespace(NAMESPACE).resource(cluster).create();

    // the operator generates the cluster secret; the origin is started with it, as its pod would be
    EdgeFleetSimulator fleet =
        origin.startWithEdges(harness, CLUSTER, Path.of("target/autoscaling-it-origin.log"));

    // no load: the edges stay at minEdges, and the status says that the minimum holds them
    fleet.subscribers(0);
    harness.awaitStatus(
        CLUSTER,
        sc ->
            scalingLimited(sc).filter(c -> "LimitedByMin".equals(c.getReason())).isPresent()
                && Long.valueOf(0).equals(sc.getStatus().getSubscribers()));
    assertThat(edgeReplicas()).isEqualTo(2);

    // 450 subscribers at 100 per edge ask for 5 edges; the policy adds at most 2 a second
    fleet.subscribers(450);
    await().atMost(TIMEOUT).until(() -> edgeReplicas() == 5 && fleet.replicaHistory.contains(5));
    assertThat(fleet.replicaHistory).containsSubsequence(2, 4, 5);

    // more than maxEdges can carry: the edges stay at 5 and the status says why
    fleet.subscribers(900);
    harness.awaitStatus(
        CLUSTER,
        sc -> scalingLimited(sc).filter(c -> "LimitedByMax".equals(c.getReason())).isPresent());
    assertThat(edgeReplicas()).isEqualTo(5);

    // back to 150: after the 3 s window, one edge a second leaves, down to 2
    fleet.subscribers(150);
    await().atMost(TIMEOUT).until(() -> edgeReplicas() == 2 && fleet.removals.size() == 3);

    assertThat(fleet.replicaHistory).containsSubsequence(5, 4, 3, 2);
    assertThat(fleet.replicaHistory).allSatisfy(r -> assertThat(r).isBetween(2, 5));
    fleet.assertEveryRemovalWasDrainedAndMarked();
    // the newest edges carry the fewest players: they went
    assertThat(fleet.removals)
        .extracting(EdgeFleetSimulator.Removal::edge)
        .containsExactlyInAnyOrder("live-edge-sim-2", "live-edge-sim-3", "live-edge-sim-4");

    StreamCluster settled =
        harness.awaitStatus(
            CLUSTER, sc -> Long.valueOf(150).equals(sc.getStatus().getSubscribers()));
    StreamClusterStatus status = settled.getStatus();
    assertThat(status.getLastScaleTime()).isNotNull();
    assertThat(status.getEdges().getDesiredReplicas()).isEqualTo(2);
    assertThat(harness.events(CLUSTER))
        .extracting(Event::getReason)
        .contains("ScaledUp", "ScaledDown");
  }

  private static int edgeReplicas() {
    return harness.edgeReplicas(CLUSTER);
  }

  private static Optional<Condition> scalingLimited(StreamCluster cluster) {
    return cluster.getStatus() == null
        ? Optional.empty()
        : Conditions.find(cluster.getStatus().getConditions(), StreamClusterStatus.SCALING_LIMITED)
            .filter(c -> "True".equals(c.getStatus()));
  }
}
