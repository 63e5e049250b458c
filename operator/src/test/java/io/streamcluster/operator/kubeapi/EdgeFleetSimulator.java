package io.streamcluster.operator.kubeapi;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.streamcluster.media.clusterapi.CheckIn;
import io.streamcluster.media.clusterapi.ClusterApiClient;
import io.streamcluster.media.clusterapi.EdgeState;
import io.streamcluster.media.clusterapi.EdgeView;
import io.streamcluster.operator.model.Labels;
import io.streamcluster.operator.model.Labels.Component;
import io.streamcluster.operator.scaleloop.ClusterLoad;
import io.streamcluster.operator.scaleloop.OriginAccess;
import io.streamcluster.operator.scaleloop.OriginClusterApi;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stands in for the kubelet and the ReplicaSet controller, which a bare apiserver lacks: it keeps
 * as many edges as the edge Deployment asks for, each a Pod object and a fake edge that checks in
 * with the real origin every second, and shares the test's subscribers among them. When the
 * Deployment shrinks it removes the pod with the lowest deletion cost, as a ReplicaSet does, and
 * records what the origin said of that edge at that moment.
 */
final class EdgeFleetSimulator implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(EdgeFleetSimulator.class);

  /** One scale-in as the simulator carried it out. */
  record Removal(String edge, EdgeState stateAtOrigin, String deletionCost) {}

  private final KubernetesClient client;
  private final String namespace;
  private final String cluster;
  private final OriginAccess origin;
  private final ClusterApiClient api;
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
  private final List<String> edges = new ArrayList<>();
  private int nextEdge;
  private long ticks;
  private volatile int subscribers;

  final List<Integer> replicaHistory = new CopyOnWriteArrayList<>();
  final List<Removal> removals = new CopyOnWriteArrayList<>();

  /** Every edge removed so far was draining at the origin and the cheapest to delete first. */
  void assertEveryRemovalWasDrainedAndMarked() {
    assertThat(removals)
        .as("every edge removed was drained and marked first")
        .allSatisfy(
            removal -> {
              assertThat(removal.stateAtOrigin()).isEqualTo(EdgeState.DRAINING);
              assertThat(removal.deletionCost()).isEqualTo("-1000");
            });
  }

  EdgeFleetSimulator(
      KubernetesClient client, String namespace, String cluster, OriginAccess origin) {
    this.client = client;
    this.namespace = namespace;
    this.cluster = cluster;
    this.origin = origin;
    this.api = new ClusterApiClient(Duration.ofSeconds(5)).signedWith(origin.secret());
  }

  EdgeFleetSimulator start() {
    timer.scheduleWithFixedDelay(this::tick, 0, 500, TimeUnit.MILLISECONDS);
    return this;
  }

  void subscribers(int total) {
    this.subscribers = total;
  }

  private void tick() {
    try {
      followTheDeployment();
      // edges check in every second, as a real edge would at its default interval and faster
      if (ticks++ % 2 == 0) {
        checkIn();
      }
    } catch (RuntimeException e) {
      log.warn("Simulated edges: {}", e.toString());
    }
  }

  private void followTheDeployment() {
    Deployment deployment =
        client.apps().deployments().inNamespace(namespace).withName(cluster + "-edge").get();
    if (deployment == null) {
      return;
    }
    int wanted = deployment.getSpec().getReplicas();
    if (replicaHistory.isEmpty() || replicaHistory.get(replicaHistory.size() - 1) != wanted) {
      replicaHistory.add(wanted);
    }
    while (edges.size() < wanted) {
      String name = cluster + "-edge-sim-" + nextEdge++;
      client
          .pods()
          .inNamespace(namespace)
          .resource(
              new PodBuilder()
                  .withNewMetadata()
                  .withName(name)
                  .withLabels(Labels.of(cluster, Component.EDGE))
                  .endMetadata()
                  .withNewSpec()
                  .withAutomountServiceAccountToken(false)
                  .addNewContainer()
                  .withName("edge")
                  .withImage("streamcluster/media-server:0.1.0")
                  .endContainer()
                  .endSpec()
                  .build())
          .create();
      edges.add(name);
    }
    while (edges.size() > wanted) {
      List<Pod> pods =
          edges.stream()
              .map(e -> client.pods().inNamespace(namespace).withName(e).get())
              .sorted(Comparator.comparingInt(EdgeFleetSimulator::deletionCost))
              .toList();
      Pod victim = pods.get(0);
      String name = victim.getMetadata().getName();
      EdgeState state = stateAtOrigin(name);
      removals.add(
          new Removal(
              name,
              state,
              victim.getMetadata().getAnnotations() == null
                  ? null
                  : victim
                      .getMetadata()
                      .getAnnotations()
                      .get("controller.kubernetes.io/pod-deletion-cost")));
      edges.remove(name);
      client.pods().inNamespace(namespace).withName(name).delete();
      log.info("Simulated edge {} removed (the origin saw it {})", name, state);
    }
  }

  private static int deletionCost(Pod pod) {
    Map<String, String> annotations = pod.getMetadata().getAnnotations();
    if (annotations == null) {
      return 0;
    }
    return Integer.parseInt(
        annotations.getOrDefault("controller.kubernetes.io/pod-deletion-cost", "0"));
  }

  /** The players the origin counts over the simulated edges now; -1 when it cannot be read. */
  long subscribersAtOrigin() {
    try {
      return new OriginClusterApi(Duration.ofSeconds(2)).read(origin).subscribers();
    } catch (java.io.IOException e) {
      return -1;
    }
  }

  private EdgeState stateAtOrigin(String edge) {
    try {
      ClusterLoad load = new OriginClusterApi(Duration.ofSeconds(2)).read(origin);
      return load.edges().stream()
          .filter(e -> e.id().equals(edge))
          .map(EdgeView::state)
          .findFirst()
          .orElse(null);
    } catch (java.io.IOException e) {
      return null;
    }
  }

  /**
   * Shares the players in proportion to age (the oldest of n edges carries n parts, the newest
   * one), so the least-loaded edges are the newest.
   */
  private void checkIn() {
    int count = edges.size();
    if (count == 0) {
      return;
    }
    int total = subscribers;
    int weights = count * (count + 1) / 2;
    int given = 0;
    int[] shares = new int[count];
    for (int i = 0; i < count; i++) {
      shares[i] = total * (count - i) / weights;
      given += shares[i];
    }
    shares[0] += total - given;
    for (int i = 0; i < count; i++) {
      int share = shares[i];
      String id = edges.get(i);
      CheckIn checkIn =
          new CheckIn(
              id,
              "10.244.0." + (10 + i),
              1935,
              5080,
              EdgeState.READY,
              share,
              2000,
              share > 0 ? Map.of("show", share) : Map.of(),
              0);
      try {
        api.checkIn(origin.origins().get(0), checkIn).get(5, TimeUnit.SECONDS);
      } catch (ExecutionException | TimeoutException e) {
        log.warn("Check-in of {} failed: {}", id, e.toString());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
    try {
      timer.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
