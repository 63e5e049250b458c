package io.streamcluster.operator.kubeapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Secret;
import io.streamcluster.api.v1alpha1.AutoscalingSpec;
import io.streamcluster.api.v1alpha1.ScalingBehavior;
import io.streamcluster.api.v1alpha1.ScalingPolicy;
import io.streamcluster.api.v1alpha1.ScalingRules;
import io.streamcluster.api.v1alpha1.StreamCluster;
import io.streamcluster.api.v1alpha1.StreamClusterStatus;
import io.streamcluster.media.cluster.ClusterSecret;
import io.streamcluster.media.cluster.EdgeState;
import io.streamcluster.operator.model.ClusterSecretModel;
import io.streamcluster.operator.scaling.OriginAccess;
import io.streamcluster.operator.status.Conditions;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
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
  static final Duration TIMEOUT = Duration.ofSeconds(60);

  static final AtomicReference<URI> ORIGIN =
      new AtomicReference<>(URI.create("http://127.0.0.1:1"));
  static OperatorHarness harness;
  static OriginProcess origin;
  static EdgeFleetSimulator fleet;

  @BeforeAll
  static void startTheOperator() throws Exception {
    // the operator reaches the origin process instead of the origin Service's DNS name
    harness =
        OperatorHarness.start(
            NAMESPACE, Duration.ofSeconds(1), (names, replicas) -> List.of(ORIGIN.get()));
  }

  @AfterAll
  static void stop() {
    try {
      if (fleet != null) {
        fleet.close();
      }
      if (origin != null) {
        origin.close();
      }
    } finally {
      if (harness != null) {
        harness.close();
      }
    }
  }

  @Test
  void theEdgesFollowTheSubscribersWithinBoundsAndPoliciesAndDrainBeforeScalingIn()
      throws Exception {
    harness.clusters().inNamespace(NAMESPACE).resource(streamCluster()).create();

    // the operator generates the cluster secret; the origin is started with it, as its pod would be
    Secret secret =
        harness
            .client
            .secrets()
            .inNamespace(NAMESPACE)
            .withName(CLUSTER + "-cluster-secret")
            .waitUntilCondition(s -> s != null && s.getData() != null, 30, TimeUnit.SECONDS);
    byte[] secretBytes = ClusterSecretModel.secretBytes(secret).orElseThrow();
    Path secretFile = OriginProcess.writeSecret(Path.of("target"), secretBytes);
    origin = OriginProcess.start(secretFile, Path.of("target/autoscaling-it-origin.log"));
    ORIGIN.set(origin.uri());
    fleet =
        new EdgeFleetSimulator(
                harness.client,
                NAMESPACE,
                CLUSTER,
                new OriginAccess(
                    List.of(origin.uri()), new ClusterSecret(secretBytes, Clock.systemUTC())))
            .start();

    // no load: the edges stay at minEdges, and the status says that the minimum holds them
    fleet.subscribers(0);
    awaitStatus(
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
    awaitStatus(
        sc -> scalingLimited(sc).filter(c -> "LimitedByMax".equals(c.getReason())).isPresent());
    assertThat(edgeReplicas()).isEqualTo(5);

    // back to 150: after the 3 s window, one edge a second leaves, down to 2
    fleet.subscribers(150);
    await().atMost(TIMEOUT).until(() -> edgeReplicas() == 2 && fleet.removals.size() == 3);

    assertThat(fleet.replicaHistory).containsSubsequence(5, 4, 3, 2);
    assertThat(fleet.replicaHistory).allSatisfy(r -> assertThat(r).isBetween(2, 5));
    assertThat(fleet.removals)
        .as("every edge removed was drained and marked first")
        .allSatisfy(
            removal -> {
              assertThat(removal.stateAtOrigin()).isEqualTo(EdgeState.DRAINING);
              assertThat(removal.deletionCost()).isEqualTo("-1000");
            });
    // the newest edges carry the fewest players: they went
    assertThat(fleet.removals)
        .extracting(EdgeFleetSimulator.Removal::edge)
        .containsExactlyInAnyOrder("live-edge-sim-2", "live-edge-sim-3", "live-edge-sim-4");

    StreamCluster settled =
        awaitStatus(sc -> Long.valueOf(150).equals(sc.getStatus().getSubscribers()));
    StreamClusterStatus status = settled.getStatus();
    assertThat(status.getLastScaleTime()).isNotNull();
    assertThat(status.getEdges().getDesiredReplicas()).isEqualTo(2);
    assertThat(harness.events(CLUSTER))
        .extracting(Event::getReason)
        .contains("ScaledUp", "ScaledDown");
  }

  private static StreamCluster streamCluster() {
    StreamCluster cluster = new StreamCluster();
    cluster.getMetadata().setName(CLUSTER);
    cluster.getMetadata().setNamespace(NAMESPACE);
    cluster.getSpec().getEdge().setMaxSubscribers(200);
    AutoscalingSpec autoscaling = cluster.getSpec().getAutoscaling();
    autoscaling.setMode(AutoscalingSpec.Mode.Subscribers);
    autoscaling.setMinEdges(2);
    autoscaling.setMaxEdges(5);
    autoscaling.setTargetSubscribersPerEdge(100);
    autoscaling.setDrainTimeoutSeconds(30);
    ScalingRules up = new ScalingRules();
    up.setStabilizationWindowSeconds(0);
    up.setPolicies(List.of(new ScalingPolicy(ScalingPolicy.Type.Pods, 2, 1)));
    ScalingRules down = new ScalingRules();
    down.setStabilizationWindowSeconds(3);
    down.setPolicies(List.of(new ScalingPolicy(ScalingPolicy.Type.Pods, 1, 1)));
    ScalingBehavior behavior = new ScalingBehavior();
    behavior.setScaleUp(up);
    behavior.setScaleDown(down);
    autoscaling.setBehavior(behavior);
    return cluster;
  }

  private static int edgeReplicas() {
    var deployment =
        harness
            .client
            .apps()
            .deployments()
            .inNamespace(NAMESPACE)
            .withName(CLUSTER + "-edge")
            .get();
    return deployment == null ? -1 : deployment.getSpec().getReplicas();
  }

  private static Optional<Condition> scalingLimited(StreamCluster cluster) {
    return cluster.getStatus() == null
        ? Optional.empty()
        : Conditions.find(cluster.getStatus().getConditions(), StreamClusterStatus.SCALING_LIMITED)
            .filter(c -> "True".equals(c.getStatus()));
  }

  private static StreamCluster awaitStatus(java.util.function.Predicate<StreamCluster> test) {
    return harness
        .cluster(CLUSTER)
        .waitUntilCondition(
            sc -> sc != null && sc.getStatus() != null && test.test(sc),
            TIMEOUT.toSeconds(),
            TimeUnit.SECONDS);
  }

  static {
    try {
      Files.createDirectories(Path.of("target"));
    } catch (java.io.IOException e) {
      throw new ExceptionInInitializerError(e);
    }
  }
}
