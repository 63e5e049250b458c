package io.streamcluster.operator.kubeapi;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.streamcluster.api.v1alpha1.StreamCluster;
import io.streamcluster.operator.HealthServer;
import io.streamcluster.operator.OperatorSettings;
import io.streamcluster.operator.StreamClusterOperator;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A standby replica, as the chart runs with {@code replicaCount > 1}: leader election on, and
 * another replica holds the Lease and keeps renewing it. The standby must stay live for the chart's
 * liveness probe ({@code /healthz} answers 200), or Kubernetes would restart it forever; it must
 * not reconcile; and when the Lease is free it takes over and reconciles.
 */
class StandbyOperatorIT {

  static final String NAMESPACE = "standby-it";
  static final String LEASE = "streamcluster-operator";
  static final String OTHER_REPLICA = "streamcluster-operator-other-replica";
  static final String CLUSTER = "waiting";
  static final Duration TIMEOUT = Duration.ofSeconds(30);

  static OperatorHarness harness;
  static HealthServer health;
  static final ScheduledExecutorService otherReplica =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "other-replica");
            t.setDaemon(true);
            return t;
          });
  static final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void startAStandby() throws IOException {
    harness =
        OperatorHarness.start(
            TestApiServer.start(),
            NAMESPACE,
            StandbyOperatorIT::leaseHeldByAnotherReplica,
            h ->
                OperatorSettings.builder()
                    .watchNamespaces(Set.of(NAMESPACE))
                    .syncPeriod(Duration.ofSeconds(1))
                    .originTimeout(Duration.ofSeconds(1))
                    .healthPort(0)
                    .leaderElection(true)
                    .lease(LEASE, Optional.of(NAMESPACE))
                    .build(),
            (names, replicas) -> List.of(URI.create("http://127.0.0.1:1")));
    StreamClusterOperator operator = harness.operator();
    health =
        HealthServer.start(
            0,
            operator::alive,
            operator::started,
            new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
  }

  @AfterAll
  static void stop() {
    otherReplica.shutdownNow();
    try {
      if (health != null) {
        health.close();
      }
    } finally {
      if (harness != null) {
        harness.closeLeading();
      }
    }
  }

  /** The other replica took the Lease before this one starts, and renews it every second. */
  private static KubernetesClient leaseHeldByAnotherReplica(OperatorHarness h) {
    ZonedDateTime now = ZonedDateTime.now();
    h.client
        .resource(
            new LeaseBuilder()
                .withNewMetadata()
                .withName(LEASE)
                .withNamespace(NAMESPACE)
                .endMetadata()
                .withNewSpec()
                .withHolderIdentity(OTHER_REPLICA)
                .withLeaseDurationSeconds(15)
                .withAcquireTime(now)
                .withRenewTime(now)
                .withLeaseTransitions(0)
                .endSpec()
                .build())
        .create();
    otherReplica.scheduleWithFixedDelay(
        () ->
            h.client
                .leases()
                .inNamespace(NAMESPACE)
                .withName(LEASE)
                .edit(
                    lease -> {
                      lease.getSpec().setRenewTime(ZonedDateTime.now());
                      return lease;
                    }),
        1,
        1,
        TimeUnit.SECONDS);
    return h.client;
  }

  @Test
  void aStandbyIsLiveAndWaitsAndTheFreedLeaseMakesItReconcile() throws Exception {
    Awaitility.await()
        .atMost(TIMEOUT)
        .pollInterval(Duration.ofMillis(200))
        .until(() -> status("/healthz") == 200);
    assertThat(status("/readyz")).as("/readyz of the standby").isEqualTo(200);

    StreamCluster cluster = new StreamCluster();
    cluster.getMetadata().setName(CLUSTER);
    cluster.getMetadata().setNamespace(NAMESPACE);
    harness.clusters().inNamespace(NAMESPACE).resource(cluster).create();
    Awaitility.await()
        .during(Duration.ofSeconds(5))
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(250))
        .until(
            () ->
                status("/healthz") == 200
                    && harness.cluster(CLUSTER).get().getStatus() == null
                    && edges() == null);
    assertThat(lease().getSpec().getHolderIdentity())
        .as("the Lease's holder while the standby waits")
        .isEqualTo(OTHER_REPLICA);

    // the other replica goes away and gives the Lease up
    otherReplica.shutdownNow();
    assertThat(otherReplica.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
    harness.client.leases().inNamespace(NAMESPACE).withName(LEASE).delete();

    Awaitility.await()
        .atMost(TIMEOUT)
        .pollInterval(Duration.ofMillis(250))
        .until(() -> edges() != null && origins() != null);
    assertThat(lease().getSpec().getHolderIdentity()).isNotEqualTo(OTHER_REPLICA);
    assertThat(status("/healthz")).as("/healthz of the leader").isEqualTo(200);
  }

  private static Deployment edges() {
    return harness
        .client
        .apps()
        .deployments()
        .inNamespace(NAMESPACE)
        .withName(CLUSTER + "-edge")
        .get();
  }

  private static StatefulSet origins() {
    return harness
        .client
        .apps()
        .statefulSets()
        .inNamespace(NAMESPACE)
        .withName(CLUSTER + "-origin")
        .get();
  }

  private static Lease lease() {
    return harness.client.leases().inNamespace(NAMESPACE).withName(LEASE).get();
  }

  private static int status(String path) throws IOException, InterruptedException {
    return http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + health.port() + path))
                .timeout(Duration.ofSeconds(5))
                .build(),
            HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }
}
