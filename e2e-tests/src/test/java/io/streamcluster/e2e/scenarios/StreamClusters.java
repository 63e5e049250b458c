package io.streamcluster.e2e.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientTimeoutException;
import io.streamcluster.api.v1alpha1.AutoscalingSpec;
import io.streamcluster.api.v1alpha1.ScalingBehaviorSpec;
import io.streamcluster.api.v1alpha1.ScalingPolicySpec;
import io.streamcluster.api.v1alpha1.ScalingRulesSpec;
import io.streamcluster.api.v1alpha1.StreamCluster;
import io.streamcluster.api.v1alpha1.StreamClusterStatus;
import io.streamcluster.e2e.cluster.Workloads;
import io.streamcluster.media.clusterapi.ClusterSecret;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * StreamClusters in the scenarios: short timings, and what the operator is expected to create for
 * one, found by the labels of the design ({@code app.kubernetes.io/instance} = the StreamCluster's
 * name, {@code app.kubernetes.io/component} = {@code origin} or {@code edge}).
 */
final class StreamClusters {

  static final String INSTANCE = "app.kubernetes.io/instance";
  static final String COMPONENT = "app.kubernetes.io/component";

  private StreamClusters() {}

  /** A StreamCluster that scales within seconds: the scenarios' short timings. */
  static StreamCluster quick(String name, int minEdges, int maxEdges, int targetPerEdge) {
    StreamCluster sc = new StreamCluster();
    sc.getMetadata().setName(name);
    sc.getSpec().setImage(OperatorInstallation.MEDIA_SERVER_IMAGE);
    sc.getSpec().getEdge().setReplicas(minEdges);
    sc.getSpec().getEdge().setMaxSubscribers(targetPerEdge * 2);
    AutoscalingSpec autoscaling = sc.getSpec().getAutoscaling();
    autoscaling.setMode(AutoscalingSpec.Mode.Subscribers);
    autoscaling.setMinEdges(minEdges);
    autoscaling.setMaxEdges(maxEdges);
    autoscaling.setTargetSubscribersPerEdge(targetPerEdge);
    autoscaling.setDrainTimeoutSeconds(30);
    ScalingBehaviorSpec behavior = new ScalingBehaviorSpec();
    behavior.setScaleUp(rules(0, new ScalingPolicySpec(ScalingPolicySpec.Type.Pods, 4, 5)));
    behavior.setScaleDown(rules(15, new ScalingPolicySpec(ScalingPolicySpec.Type.Pods, 1, 5)));
    autoscaling.setBehavior(behavior);
    return sc;
  }

  private static ScalingRulesSpec rules(int stabilizationSeconds, ScalingPolicySpec policy) {
    ScalingRulesSpec rules = new ScalingRulesSpec();
    rules.setStabilizationWindowSeconds(stabilizationSeconds);
    rules.setPolicies(List.of(policy));
    return rules;
  }

  static StreamCluster create(KubernetesClient client, String namespace, StreamCluster sc) {
    return client.resources(StreamCluster.class).inNamespace(namespace).resource(sc).create();
  }

  /** Changes the StreamCluster {@code name} as {@code change} says and returns it as stored. */
  static StreamCluster edit(
      KubernetesClient client, String namespace, String name, Consumer<StreamCluster> change) {
    return client
        .resources(StreamCluster.class)
        .inNamespace(namespace)
        .withName(name)
        .edit(
            sc -> {
              change.accept(sc);
              return sc;
            });
  }

  static StreamCluster get(KubernetesClient client, String namespace, String name) {
    return client.resources(StreamCluster.class).inNamespace(namespace).withName(name).get();
  }

  static Optional<Condition> condition(StreamCluster sc, String type) {
    if (sc == null || sc.getStatus() == null) {
      return Optional.empty();
    }
    return sc.getStatus().getConditions().stream()
        .filter(c -> type.equals(c.getType()))
        .findFirst();
  }

  /** Ready=True for the StreamCluster's current generation. */
  static boolean ready(StreamCluster sc) {
    return sc != null
        && sc.getStatus() != null
        && Objects.equals(sc.getStatus().getObservedGeneration(), sc.getMetadata().getGeneration())
        && condition(sc, StreamClusterStatus.READY)
            .map(c -> "True".equals(c.getStatus()))
            .orElse(false);
  }

  static StreamCluster awaitReady(
      KubernetesClient client, String namespace, String name, Duration timeout) {
    try {
      return client
          .resources(StreamCluster.class)
          .inNamespace(namespace)
          .withName(name)
          .waitUntilCondition(StreamClusters::ready, timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (KubernetesClientTimeoutException e) {
      StreamCluster sc = get(client, namespace, name);
      throw new AssertionError(
          "StreamCluster "
              + namespace
              + "/"
              + name
              + " not Ready after "
              + timeout
              + "; status: "
              + (sc == null ? "(gone)" : client.getKubernetesSerialization().asYaml(sc.getStatus()))
              + "\n"
              + Workloads.diagnose(client, namespace),
          e);
    }
  }

  /**
   * The secret the operator generated for the StreamCluster ({@code NAME-cluster-secret}, key
   * {@code cluster-secret}), which signs calls to the origin's {@code /api/v1/...}.
   */
  static ClusterSecret clusterSecret(KubernetesClient client, String namespace, String name) {
    Secret secret =
        client.secrets().inNamespace(namespace).withName(name + "-cluster-secret").get();
    assertThat(secret).as("Secret %s/%s-cluster-secret", namespace, name).isNotNull();
    String encoded = secret.getData() == null ? null : secret.getData().get("cluster-secret");
    assertThat(encoded).as("key cluster-secret of %s-cluster-secret", name).isNotBlank();
    return ClusterSecret.parse(Base64.getDecoder().decode(encoded), Clock.systemUTC());
  }

  /** The origin's public Service (RTMP 1935 for publishers, HTTP 5080 for /cluster). */
  static Service originService(KubernetesClient client, String namespace, String name) {
    return originService(client, namespace, name, name + "-origin");
  }

  /** The origin's internal Service (9080: the cluster API edges and the operator call). */
  static Service originInternalService(KubernetesClient client, String namespace, String name) {
    return originService(client, namespace, name, name + "-origin-internal");
  }

  private static Service originService(
      KubernetesClient client, String namespace, String name, String serviceName) {
    List<Service> services =
        client
            .services()
            .inNamespace(namespace)
            .withLabel(INSTANCE, name)
            .withLabel(COMPONENT, "origin")
            .list()
            .getItems();
    return services.stream()
        .filter(s -> serviceName.equals(s.getMetadata().getName()))
        .findFirst()
        .orElseThrow(
            () ->
                new AssertionError(
                    "no Service "
                        + namespace
                        + "/"
                        + serviceName
                        + " among the origin's: "
                        + services.stream().map(s -> s.getMetadata().getName()).toList()));
  }

  static List<Pod> originPods(KubernetesClient client, String namespace, String name) {
    return client
        .pods()
        .inNamespace(namespace)
        .withLabel(INSTANCE, name)
        .withLabel(COMPONENT, "origin")
        .list()
        .getItems();
  }

  static List<Pod> edgePods(KubernetesClient client, String namespace, String name) {
    return client
        .pods()
        .inNamespace(namespace)
        .withLabel(INSTANCE, name)
        .withLabel(COMPONENT, "edge")
        .list()
        .getItems();
  }

  static List<Pod> readyEdgePods(KubernetesClient client, String namespace, String name) {
    return edgePods(client, namespace, name).stream()
        .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
        .filter(
            p ->
                p.getStatus().getConditions().stream()
                    .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus())))
        .toList();
  }
}
