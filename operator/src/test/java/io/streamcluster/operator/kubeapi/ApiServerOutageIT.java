package io.streamcluster.operator.kubeapi;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.streamcluster.operator.HealthServer;
import io.streamcluster.operator.OperatorSettings;
import io.streamcluster.operator.StreamClusterOperator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The operator outlives an API server it cannot reach: its liveness probe ({@code /healthz}, as
 * {@code OperatorMain} wires it) answers from the process alone, so the kubelet does not restart it
 * during an outage, and once the API server is back it reconciles what changed meanwhile. The
 * operator reaches the test kube-apiserver only through an {@link ApiServerCut}; the test's own
 * client goes direct, so the spec can change while the operator is cut off.
 */
class ApiServerOutageIT {

  static final String NAMESPACE = "outage-it";
  static final String CLUSTER = "cutoff";
  static final Duration OUTAGE = Duration.ofSeconds(20);
  static final Duration TIMEOUT = Duration.ofSeconds(60);

  static ApiServerCut cut;
  static OperatorHarness harness;
  static HealthServer health;
  static final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void startTheOperatorBehindACut() throws IOException {
    TestApiServer apiServer = TestApiServer.start();
    Config direct = Config.fromKubeconfig(apiServer.kubeconfig());
    URI server = URI.create(direct.getMasterUrl());
    try {
      cut = ApiServerCut.to(server.getPort());
      harness =
          OperatorHarness.start(
              apiServer,
              NAMESPACE,
              ApiServerOutageIT::throughTheCut,
              h ->
                  OperatorSettings.builder()
                      .syncPeriod(Duration.ofSeconds(1))
                      .watchNamespaces(Set.of(NAMESPACE))
                      .healthPort(0)
                      .build(),
              (names, replicas) -> List.of(URI.create("http://127.0.0.1:1")));
    } catch (RuntimeException | IOException e) {
      apiServer.close();
      throw e;
    }
    StreamClusterOperator operator = harness.operator();
    health =
        HealthServer.start(
            0,
            operator::alive,
            operator::started,
            new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
  }

  @AfterAll
  static void stop() throws IOException {
    try {
      if (health != null) {
        health.close();
      }
      if (harness != null) {
        harness.close();
      }
    } finally {
      if (cut != null) {
        cut.close();
      }
    }
  }

  private static KubernetesClient throughTheCut(OperatorHarness h) {
    Config config = Config.fromKubeconfig(h.apiServer.kubeconfig());
    URI server = URI.create(config.getMasterUrl());
    config.setMasterUrl(
        server.getScheme() + "://" + server.getHost() + ":" + cut.port() + server.getPath());
    // fail fast while cut off rather than queue requests behind long timeouts
    config.setRequestTimeout(2_000);
    config.setConnectionTimeout(2_000);
    return new KubernetesClientBuilder().withConfig(config).build();
  }

  @Test
  void staysLiveWhileCutOffAndReconcilesWhatChangedOnceBack() throws Exception {
    harness.clusters().inNamespace(NAMESPACE).resource(harness.newCluster(CLUSTER)).create();
    harness.await(Deployment.class, CLUSTER + "-edge");
    StreamClusterOperator operator = harness.operator();
    assertThat(operator.healthy()).isTrue();

    cut.cut();
    // the informers notice: this is what the liveness probe must not follow
    Awaitility.await()
        .atMost(TIMEOUT)
        .pollInterval(Duration.ofMillis(250))
        .until(() -> !operator.healthy());
    harness.change(CLUSTER, sc -> sc.getSpec().getEdge().setReplicas(4));
    Awaitility.await()
        .during(OUTAGE)
        .atMost(OUTAGE.plusSeconds(10))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> status("/healthz") == 200 && status("/readyz") == 200);
    assertThat(harness.edgeReplicas(CLUSTER))
        .as("nothing reconciles while the operator is cut off")
        .isEqualTo(2);

    cut.restore();

    harness.await(Deployment.class, CLUSTER + "-edge", d -> d.getSpec().getReplicas() == 4);
    Awaitility.await()
        .atMost(TIMEOUT)
        .pollInterval(Duration.ofMillis(250))
        .until(operator::healthy);
    assertThat(status("/healthz")).isEqualTo(200);
  }

  private static int status(String path) {
    try {
      return http.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + health.port() + path))
                  .timeout(Duration.ofSeconds(2))
                  .build(),
              HttpResponse.BodyHandlers.discarding())
          .statusCode();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
