package io.streamcluster.operator.kubeapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatusBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.streamcluster.api.v1alpha1.AutoscalingSpec.Mode;
import io.streamcluster.api.v1alpha1.PlaybackSpec;
import io.streamcluster.api.v1alpha1.PublishingSpec;
import io.streamcluster.api.v1alpha1.ServiceSpec;
import io.streamcluster.api.v1alpha1.StreamCluster;
import io.streamcluster.api.v1alpha1.StreamClusterStatus;
import io.streamcluster.api.v1alpha1.TokenSecretRefSpec;
import io.streamcluster.operator.OperatorSettings;
import io.streamcluster.operator.scaleloop.OriginEndpoints;
import io.streamcluster.operator.status.Conditions;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator on a real kube-apiserver: what a StreamCluster owns, how spec changes roll in, the
 * status it reports, the scale subresource in mode External, impossible specs, who may publish and
 * play, and deletion. No origin runs here (see {@link EdgeAutoscalingIT}): origins resolve to a
 * closed port.
 */
class StreamClusterReconcilerIT {

  static final String NAMESPACE = "reconciler-it";
  static final Duration TIMEOUT = Duration.ofSeconds(30);
  static final Path LATENCY_REPORT = Path.of("target/reconcile-latency.txt");
  private static final Logger log = LoggerFactory.getLogger(StreamClusterReconcilerIT.class);

  static OperatorHarness harness;

  @BeforeAll
  static void startTheOperator() throws IOException {
    // nothing listens on port 1: every origin read fails at once
    OriginEndpoints closedPort = (names, replicas) -> List.of(URI.create("http://127.0.0.1:1"));
    harness = OperatorHarness.start(NAMESPACE, Duration.ofSeconds(1), closedPort);
  }

  @AfterAll
  static void stop() {
    if (harness != null) {
      harness.close();
    }
  }

  @Test
  void createsEveryOwnedObjectOwnedByTheStreamCluster() {
    StreamCluster cluster = create("owned", Mode.Off);
    cluster.getSpec().getOrigin().getService().setType(ServiceSpec.Type.NodePort);
    String uid = cluster.getMetadata().getUid();

    Secret secret = harness.await(Secret.class, "owned-cluster-secret");
    StatefulSet origins = harness.await(StatefulSet.class, "owned-origin");
    Service service = harness.await(Service.class, "owned-origin");
    Service headless = harness.await(Service.class, "owned-origin-headless");
    Service internal = harness.await(Service.class, "owned-origin-internal");
    Deployment edges = harness.await(Deployment.class, "owned-edge");
    PodDisruptionBudget budget = harness.await(PodDisruptionBudget.class, "owned-edge");

    for (HasMetadata owned : List.of(secret, origins, service, headless, internal, edges, budget)) {
      assertThat(owned.getMetadata().getOwnerReferences())
          .as("owner of %s %s", owned.getKind(), owned.getMetadata().getName())
          .singleElement()
          .satisfies(ref -> isControllerOf(ref, uid));
      assertThat(owned.getMetadata().getLabels())
          .containsEntry("app.kubernetes.io/instance", "owned")
          .containsEntry("app.kubernetes.io/managed-by", "streamcluster-operator");
    }
    assertThat(secret.getData()).containsKey("cluster-secret");
    assertThat(service.getSpec().getType()).isEqualTo("ClusterIP");
    assertThat(headless.getSpec().getClusterIP()).isEqualTo("None");
    assertThat(internal.getSpec().getType()).as("never exposed").isEqualTo("ClusterIP");
    assertThat(internal.getSpec().getPorts())
        .extracting(p -> p.getName() + ":" + p.getPort())
        .containsExactly("internal:9080", "rtmp:1935");
    assertThat(edges.getSpec().getReplicas()).isEqualTo(2);
    assertThat(edges.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs())
        .containsSubsequence("edge", "--origins", "owned-origin-internal.reconciler-it.svc:9080");
    assertThat(edges.getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds())
        .isEqualTo(630L);
    assertThat(origins.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
        .isEqualTo(OperatorSettings.DEFAULT_IMAGE);
  }

  @Test
  void keepsTheClusterSecretAcrossReconciles() {
    create("kept", Mode.Off);
    Secret first = harness.await(Secret.class, "kept-cluster-secret");

    harness.change("kept", sc -> sc.getSpec().getEdge().setReplicas(3));
    harness.await(Deployment.class, "kept-edge", d -> d.getSpec().getReplicas() == 3);

    Secret after = harness.find(Secret.class, "kept-cluster-secret").orElseThrow();
    assertThat(after.getData()).isEqualTo(first.getData());
    assertThat(after.getMetadata().getResourceVersion())
        .isEqualTo(first.getMetadata().getResourceVersion());
  }

  @Test
  void aSpecChangeRollsIntoTheWorkloads() throws IOException {
    create("rolling", Mode.Off);
    harness.await(Deployment.class, "rolling-edge");
    harness.await(StatefulSet.class, "rolling-origin");

    harness.change(
        "rolling",
        sc -> {
          sc.getSpec().setImage("streamcluster/media-server:0.1.1");
          sc.getSpec().getEdge().setMaxSubscribers(3000);
          sc.getSpec().getAutoscaling().setTargetSubscribersPerEdge(2500);
          sc.getSpec().getOrigin().getService().setType(ServiceSpec.Type.NodePort);
        });

    Deployment edges =
        harness.await(
            Deployment.class,
            "rolling-edge",
            d -> image(d).equals("streamcluster/media-server:0.1.1"));
    assertThat(edges.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs())
        .containsSubsequence("--max-subscribers", "3000");
    harness.await(
        StatefulSet.class,
        "rolling-origin",
        s ->
            s.getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .get(0)
                .getImage()
                .equals("streamcluster/media-server:0.1.1"));
    harness.await(Service.class, "rolling-origin", s -> "NodePort".equals(s.getSpec().getType()));

    measureSpecChangeToDeployment("rolling");
  }

  /**
   * Not a test of speed: it records how long a spec change takes to reach the edge Deployment on
   * this apiserver, from the client's update to the Deployment watch event.
   */
  private void measureSpecChangeToDeployment(String name) throws IOException {
    List<Long> micros = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      String image = "streamcluster/media-server:0.2." + i;
      long begin = System.nanoTime();
      harness.change(name, sc -> sc.getSpec().setImage(image));
      harness
          .client
          .apps()
          .deployments()
          .inNamespace(NAMESPACE)
          .withName(name + "-edge")
          .waitUntilCondition(d -> d != null && image(d).equals(image), 30, TimeUnit.SECONDS);
      micros.add((System.nanoTime() - begin) / 1000);
    }
    List<Long> sorted = new ArrayList<>(micros);
    Collections.sort(sorted);
    String report =
        """
        Time from a StreamCluster spec change (client update of spec.image) to the edge Deployment
        carrying it (seen through a watch), on kube-apiserver %s + etcd (kube-api-test, loopback),
        operator in the same JVM, %d changes one after another.
        min %.1f ms, median %.1f ms, p90 %.1f ms, max %.1f ms
        all (ms): %s
        """
            .formatted(
                TestApiServer.KUBERNETES_VERSION,
                sorted.size(),
                sorted.get(0) / 1000.0,
                sorted.get(sorted.size() / 2) / 1000.0,
                sorted.get((int) (sorted.size() * 0.9)) / 1000.0,
                sorted.get(sorted.size() - 1) / 1000.0,
                micros.stream().map(m -> "%.1f".formatted(m / 1000.0)).toList());
    Files.createDirectories(LATENCY_REPORT.getParent());
    Files.writeString(LATENCY_REPORT, report);
    log.info("Spec change to Deployment:\n{}", report);
  }

  @Test
  void reportsReadinessAndTheObservedGeneration() {
    create("status", Mode.Off);
    harness.await(Deployment.class, "status-edge");
    harness.awaitStatus(
        "status",
        sc ->
            condition(sc, StreamClusterStatus.READY)
                .filter(c -> "False".equals(c.getStatus()))
                .isPresent());

    // there is no kubelet: the test says that the pods are ready
    harness
        .client
        .apps()
        .statefulSets()
        .inNamespace(NAMESPACE)
        .withName("status-origin")
        .editStatus(
            s -> {
              s.setStatus(
                  new StatefulSetStatusBuilder().withReplicas(1).withReadyReplicas(1).build());
              return s;
            });
    harness
        .client
        .apps()
        .deployments()
        .inNamespace(NAMESPACE)
        .withName("status-edge")
        .editStatus(
            d -> {
              d.setStatus(
                  new DeploymentStatusBuilder().withReplicas(2).withReadyReplicas(2).build());
              return d;
            });

    StreamCluster ready =
        harness.awaitStatus(
            "status",
            sc ->
                condition(sc, StreamClusterStatus.READY)
                    .filter(c -> "True".equals(c.getStatus()))
                    .isPresent());
    StreamClusterStatus status = ready.getStatus();
    assertThat(status.getObservedGeneration()).isEqualTo(ready.getMetadata().getGeneration());
    assertThat(condition(ready, StreamClusterStatus.ORIGIN_READY).orElseThrow().getStatus())
        .isEqualTo("True");
    assertThat(condition(ready, StreamClusterStatus.EDGES_READY).orElseThrow().getMessage())
        .isEqualTo("2 of 2 edge pods ready");
    assertThat(condition(ready, StreamClusterStatus.SCALING_LIMITED).orElseThrow().getReason())
        .isEqualTo("AutoscalingOff");
    assertThat(status.getClusterUrl())
        .isEqualTo("http://status-origin.reconciler-it.svc:5080/cluster");
    assertThat(status.getOriginEndpoint()).isEqualTo("status-origin.reconciler-it.svc:1935");
    assertThat(status.getEdges().getReadyReplicas()).isEqualTo(2);
    assertThat(status.getEdges().getSelector()).contains("app.kubernetes.io/instance=status");

    // a spec change is observed: the generation moves, and so does observedGeneration
    harness.change("status", sc -> sc.getSpec().getEdge().setReplicas(3));
    StreamCluster changed =
        harness.awaitStatus(
            "status",
            sc ->
                sc.getMetadata().getGeneration() > ready.getMetadata().getGeneration()
                    && sc.getMetadata()
                        .getGeneration()
                        .equals(sc.getStatus().getObservedGeneration()));
    assertThat(condition(changed, StreamClusterStatus.READY).orElseThrow().getReason())
        .isEqualTo("EdgesNotReady");
  }

  @Test
  void externalModeFollowsTheScaleSubresource() {
    create("external", Mode.External);
    harness.await(Deployment.class, "external-edge");

    harness.cluster("external").scale(5);

    harness.await(Deployment.class, "external-edge", d -> d.getSpec().getReplicas() == 5);
    StreamCluster cluster =
        harness.awaitStatus(
            "external",
            sc -> sc.getStatus() != null && sc.getStatus().getEdges().getDesiredReplicas() == 5);
    assertThat(harness.cluster("external").scale().getStatus().getSelector())
        .isEqualTo(cluster.getStatus().getEdges().getSelector());
    assertThat(condition(cluster, StreamClusterStatus.SCALING_LIMITED).orElseThrow().getReason())
        .isEqualTo("ExternalScaling");
  }

  @Test
  void anUnreadableOriginHoldsTheEdgesAndSaysSo() {
    create("unreadable", Mode.Subscribers);

    StreamCluster cluster =
        harness.awaitStatus(
            "unreadable",
            sc ->
                condition(sc, StreamClusterStatus.SCALING_LIMITED)
                    .filter(c -> "MetricsUnavailable".equals(c.getReason()))
                    .filter(c -> c.getMessage().contains("cannot be read"))
                    .isPresent());

    assertThat(condition(cluster, StreamClusterStatus.SCALING_LIMITED).orElseThrow().getStatus())
        .isEqualTo("True");
    assertThat(
            harness.find(Deployment.class, "unreadable-edge").orElseThrow().getSpec().getReplicas())
        .isEqualTo(2);
    await()
        .atMost(TIMEOUT)
        .until(
            () ->
                harness.events("unreadable").stream()
                    .anyMatch(e -> "OriginUnreadable".equals(e.getReason())));
  }

  @Test
  void anImpossibleSpecBecomesAConditionAndAnEvent() {
    StreamCluster cluster = cluster("impossible", Mode.Off);
    cluster
        .getSpec()
        .getEdge()
        .setResources(
            new ResourceRequirementsBuilder()
                .addToRequests("cpu", new Quantity("4"))
                .addToLimits("cpu", new Quantity("1"))
                .build());
    harness.clusters().inNamespace(NAMESPACE).resource(cluster).create();

    StreamCluster rejected =
        harness.awaitStatus(
            "impossible",
            sc ->
                condition(sc, StreamClusterStatus.READY)
                    .filter(c -> "InvalidSpec".equals(c.getReason()))
                    .isPresent());

    assertThat(condition(rejected, StreamClusterStatus.READY).orElseThrow().getMessage())
        .contains("spec.edge.resources", "cpu request 4 exceeds its limit 1");
    await()
        .atMost(TIMEOUT)
        .until(
            () ->
                harness.events("impossible").stream()
                    .anyMatch(
                        e -> "InvalidSpec".equals(e.getReason()) && "Warning".equals(e.getType())));
    assertThat(harness.find(Deployment.class, "impossible-edge")).isEmpty();

    harness.change(
        "impossible",
        sc -> sc.getSpec().getEdge().getResources().getLimits().put("cpu", new Quantity("4")));

    harness.await(Deployment.class, "impossible-edge");
  }

  @Test
  void tokenSecretsAndWebhooksReachTheOriginAndEdgePodTemplates() {
    StreamCluster cluster = cluster("guarded", Mode.Off);
    PublishingSpec publishing = new PublishingSpec();
    publishing.setTokenSecretRef(new TokenSecretRefSpec("publish-keys"));
    publishing.setWebhookUrl("https://auth.example.com/publish");
    cluster.getSpec().setPublishing(publishing);
    PlaybackSpec playback = new PlaybackSpec();
    playback.setTokenSecretRef(new TokenSecretRefSpec("play-keys", "tokens"));
    cluster.getSpec().setPlayback(playback);
    StreamCluster stored = harness.clusters().inNamespace(NAMESPACE).resource(cluster).create();
    assertThat(stored.getSpec().getPublishing().getTokenSecretRef().getKey())
        .as("defaulted by the API server")
        .isEqualTo(TokenSecretRefSpec.DEFAULT_KEY);

    PodSpec origin =
        harness.await(StatefulSet.class, "guarded-origin").getSpec().getTemplate().getSpec();
    PodSpec edge =
        harness.await(Deployment.class, "guarded-edge").getSpec().getTemplate().getSpec();

    assertThat(origin.getContainers().get(0).getArgs())
        .containsSubsequence("--publish-secret-file", "/etc/streamcluster/publish-tokens/secret")
        .containsSubsequence("--publish-webhook-url", "https://auth.example.com/publish")
        .containsSubsequence("--play-secret-file", "/etc/streamcluster/play-tokens/tokens");
    assertThat(secretVolumes(origin))
        .containsEntry("publish-tokens", "publish-keys")
        .containsEntry("play-tokens", "play-keys");
    assertThat(origin.getContainers().get(0).getVolumeMounts())
        .extracting(m -> m.getName() + "=" + m.getMountPath())
        .contains(
            "publish-tokens=/etc/streamcluster/publish-tokens",
            "play-tokens=/etc/streamcluster/play-tokens");
    assertThat(edge.getContainers().get(0).getArgs())
        .containsSubsequence("--play-secret-file", "/etc/streamcluster/play-tokens/tokens")
        .noneMatch(a -> a.startsWith("--publish-"));
    assertThat(secretVolumes(edge)).containsEntry("play-tokens", "play-keys");
    assertThat(secretVolumes(edge)).doesNotContainKey("publish-tokens");

    harness.change(
        "guarded",
        sc -> sc.getSpec().getPlayback().setWebhookUrl("http://auth.example.com:8080/play"));
    harness.await(
        Deployment.class,
        "guarded-edge",
        d ->
            d.getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .get(0)
                .getArgs()
                .contains("http://auth.example.com:8080/play"));
  }

  @Test
  void aWebhookThatIsNotHttpBecomesAnInvalidSpecCondition() {
    StreamCluster cluster = cluster("badhook", Mode.Off);
    PublishingSpec publishing = new PublishingSpec();
    publishing.setWebhookUrl("ftp://auth.example.com/publish");
    cluster.getSpec().setPublishing(publishing);
    harness.clusters().inNamespace(NAMESPACE).resource(cluster).create();

    StreamCluster rejected =
        harness.awaitStatus(
            "badhook",
            sc ->
                condition(sc, StreamClusterStatus.READY)
                    .filter(c -> "InvalidSpec".equals(c.getReason()))
                    .isPresent());

    assertThat(condition(rejected, StreamClusterStatus.READY).orElseThrow().getMessage())
        .contains("spec.publishing.webhookUrl must be an http:// or https:// URL");
    assertThat(harness.find(StatefulSet.class, "badhook-origin")).isEmpty();

    harness.change(
        "badhook",
        sc -> sc.getSpec().getPublishing().setWebhookUrl("https://auth.example.com/publish"));

    harness.await(StatefulSet.class, "badhook-origin");
  }

  private static Map<String, String> secretVolumes(PodSpec pod) {
    return pod.getVolumes().stream()
        .filter(v -> v.getSecret() != null)
        .collect(Collectors.toMap(Volume::getName, v -> v.getSecret().getSecretName()));
  }

  @Test
  void afterDeletionNothingIsRecreated() {
    StreamCluster cluster = create("deleted", Mode.Off);
    Deployment edges = harness.await(Deployment.class, "deleted-edge");
    harness.await(PodDisruptionBudget.class, "deleted-edge");
    assertThat(edges.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(ref -> isControllerOf(ref, cluster.getMetadata().getUid()));

    harness.cluster("deleted").delete();
    await().atMost(TIMEOUT).until(() -> harness.cluster("deleted").get() == null);
    // the garbage collector (absent here) removes what the owner references point at; the operator
    // must not bring anything back
    harness.client.apps().deployments().inNamespace(NAMESPACE).withName("deleted-edge").delete();
    await().atMost(TIMEOUT).until(() -> harness.find(Deployment.class, "deleted-edge").isEmpty());

    await()
        .during(Duration.ofSeconds(3))
        .atMost(Duration.ofSeconds(10))
        .until(() -> harness.find(Deployment.class, "deleted-edge").isEmpty());
  }

  private static void isControllerOf(OwnerReference ref, String uid) {
    assertThat(ref.getKind()).isEqualTo("StreamCluster");
    assertThat(ref.getApiVersion()).isEqualTo("streamcluster.io/v1alpha1");
    assertThat(ref.getUid()).isEqualTo(uid);
    assertThat(ref.getController()).isTrue();
  }

  private static StreamCluster cluster(String name, Mode mode) {
    StreamCluster cluster = new StreamCluster();
    cluster.getMetadata().setName(name);
    cluster.getMetadata().setNamespace(NAMESPACE);
    cluster.getSpec().getAutoscaling().setMode(mode);
    return cluster;
  }

  private static StreamCluster create(String name, Mode mode) {
    return harness.clusters().inNamespace(NAMESPACE).resource(cluster(name, mode)).create();
  }

  private static String image(Deployment deployment) {
    return deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
  }

  private static Optional<Condition> condition(StreamCluster cluster, String type) {
    return cluster.getStatus() == null
        ? Optional.empty()
        : Conditions.find(cluster.getStatus().getConditions(), type);
  }
}
