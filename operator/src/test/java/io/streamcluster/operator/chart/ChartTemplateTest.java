package io.streamcluster.operator.chart;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.openshift.api.model.monitoring.v1.PodMonitor;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code helm template} with the defaults and with every documented option. */
class ChartTemplateTest {

  static final Path ALL_OPTIONS = OperatorChart.chartDir().resolve("ci/all-options-values.yaml");

  static Stream<Arguments> valueSets() {
    return ChartLintTest.valueSets();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("valueSets")
  void everyRenderedObjectIsAFullyTypedFabric8Model(String name, Optional<Path> valuesFile) {
    List<HasMetadata> objects = OperatorChart.render(valuesFile);

    assertThat(objects).isNotEmpty();
    assertThat(objects.stream().flatMap(o -> StrictModel.unknownFields(o).stream()))
        .as("fields no Fabric8 model knows (misspelt or misplaced), with %s", name)
        .isEmpty();
  }

  @Test
  void defaultsInstallTheOperatorWithClusterWideRbac() {
    List<HasMetadata> objects = OperatorChart.render(Optional.empty());

    assertThat(objects.stream().map(o -> o.getKind() + "/" + o.getMetadata().getName()))
        .containsExactlyInAnyOrder(
            "ServiceAccount/streamcluster-operator",
            "ClusterRole/streamcluster-operator",
            "ClusterRoleBinding/streamcluster-operator",
            "ClusterRole/streamcluster-operator-nodes",
            "ClusterRoleBinding/streamcluster-operator-nodes",
            "Role/streamcluster-operator-leader-election",
            "RoleBinding/streamcluster-operator-leader-election",
            "Service/streamcluster-operator-metrics",
            "Deployment/streamcluster-operator");
    assertThat(
            objects.stream()
                .filter(o -> !o.getKind().startsWith("Cluster"))
                .map(o -> o.getMetadata().getNamespace()))
        .as("namespaced objects go to the release's namespace")
        .containsOnly(OperatorChart.NAMESPACE);
  }

  @Test
  void operatorGetsBothImagesAndWatchesEveryNamespaceByDefault() {
    Container operator = operatorContainer(OperatorChart.render(Optional.empty()));

    assertThat(operator.getImage())
        .as("the image the release workflow publishes")
        .isEqualTo("ghcr.io/streamcluster/streamcluster-operator:0.1.0");
    assertThat(operator.getImagePullPolicy()).isEqualTo("IfNotPresent");
    assertThat(env(operator))
        .containsEntry(
            "STREAMCLUSTER_MEDIA_SERVER_IMAGE",
            "ghcr.io/streamcluster/streamcluster-media-server:0.1.0")
        .containsEntry("STREAMCLUSTER_READ_NODES", "true")
        .containsEntry("STREAMCLUSTER_WATCH_NAMESPACES", "")
        .containsEntry("STREAMCLUSTER_HEALTH_PORT", "8080")
        .containsEntry("STREAMCLUSTER_LEADER_ELECTION", "true")
        .containsEntry("STREAMCLUSTER_LEASE_NAME", "streamcluster-operator")
        .containsEntry("STREAMCLUSTER_LEASE_NAMESPACE", OperatorChart.NAMESPACE)
        .doesNotContainKey("JAVA_TOOL_OPTIONS");
  }

  @Test
  void operatorRunsLockedDownWithProbesAndResources() {
    Deployment deployment = deployment(OperatorChart.render(Optional.empty()));
    PodSpec pod = deployment.getSpec().getTemplate().getSpec();
    Container operator = pod.getContainers().get(0);

    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(pod.getSecurityContext().getRunAsUser()).isEqualTo(10001L);
    assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    assertThat(operator.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
    assertThat(operator.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
    assertThat(operator.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(operator.getVolumeMounts())
        .as("a writable /tmp for the JVM under a read-only root")
        .anyMatch(m -> m.getMountPath().equals("/tmp"));
    assertThat(operator.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
    assertThat(operator.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
    assertThat(operator.getStartupProbe().getHttpGet().getPath()).isEqualTo("/healthz");
    assertThat(operator.getPorts())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.getName()).isEqualTo("http");
              assertThat(p.getContainerPort()).isEqualTo(8080);
            });
    assertThat(operator.getResources().getRequests()).containsKeys("cpu", "memory");
    assertThat(operator.getResources().getLimits()).containsKey("memory");
    assertThat(deployment.getSpec().getReplicas()).isEqualTo(1);
  }

  @Test
  void allOptionsValuesSetEveryOptionOfValuesYaml() throws IOException {
    Map<String, Object> defaults =
        OperatorChart.readYaml(OperatorChart.chartDir().resolve("values.yaml"));
    Map<String, Object> allOptions = OperatorChart.readYaml(ALL_OPTIONS);
    List<String> set = leafPaths(allOptions, "");

    assertThat(leafPaths(defaults, ""))
        .as("options of values.yaml that %s does not exercise", ALL_OPTIONS.getFileName())
        .allSatisfy(
            option ->
                assertThat(set).anyMatch(p -> p.equals(option) || p.startsWith(option + ".")));
  }

  @Test
  void everyOptionReachesTheObjectItConfigures() {
    List<HasMetadata> objects = OperatorChart.render(Optional.of(ALL_OPTIONS));
    Deployment deployment = deployment(objects);
    PodSpec pod = deployment.getSpec().getTemplate().getSpec();
    Container operator = operatorContainer(objects);

    assertThat(deployment.getSpec().getReplicas()).isEqualTo(3);
    assertThat(operator.getImage())
        .isEqualTo("registry.example.com/streaming/streamcluster-operator:0.1.0-rc.1");
    assertThat(operator.getImagePullPolicy()).isEqualTo("Always");
    assertThat(env(operator))
        .containsEntry(
            "STREAMCLUSTER_MEDIA_SERVER_IMAGE",
            "registry.example.com/streaming/streamcluster-media-server:0.1.0-rc.1")
        .containsEntry("STREAMCLUSTER_HEALTH_PORT", "9090")
        .containsEntry("STREAMCLUSTER_SYNC_PERIOD_SECONDS", "10")
        .containsEntry("STREAMCLUSTER_ORIGIN_TIMEOUT_SECONDS", "5")
        .containsEntry("STREAMCLUSTER_LEASE_NAME", "streamcluster-leader")
        .containsEntry("STREAMCLUSTER_LOG_LEVEL", "DEBUG")
        .containsEntry("STREAMCLUSTER_LOG_FORMAT", "text")
        .containsEntry("JAVA_TOOL_OPTIONS", "-XX:MaxRAMPercentage=60")
        .containsEntry("TZ", "UTC")
        .containsKey("NODE_NAME");
    assertThat(operator.getPorts().get(0).getContainerPort()).isEqualTo(9090);
    assertThat(operator.getResources().getLimits().get("cpu").toString()).isEqualTo("1");
    assertThat(pod.getServiceAccountName()).isEqualTo("streamcluster");
    assertThat(pod.getImagePullSecrets())
        .singleElement()
        .satisfies(s -> assertThat(s.getName()).isEqualTo("registry-credentials"));
    assertThat(pod.getPriorityClassName()).isEqualTo("system-cluster-critical");
    assertThat(pod.getNodeSelector()).containsEntry("kubernetes.io/os", "linux");
    assertThat(pod.getTolerations()).hasSize(1);
    assertThat(pod.getAffinity().getPodAntiAffinity()).isNotNull();
    assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels())
        .containsEntry("example.com/team", "streaming");
    assertThat(deployment.getSpec().getTemplate().getMetadata().getAnnotations())
        .containsEntry("example.com/note", "operator");
    assertThat(one(objects, ServiceAccount.class).getMetadata().getAnnotations())
        .containsEntry("example.com/owner", "streaming-team");
    assertThat(one(objects, PodDisruptionBudget.class).getSpec().getMinAvailable().getIntVal())
        .isEqualTo(1);

    ServiceMonitor serviceMonitor = one(objects, ServiceMonitor.class);
    assertThat(serviceMonitor.getMetadata().getLabels()).containsEntry("release", "prometheus");
    assertThat(serviceMonitor.getSpec().getEndpoints().get(0).getInterval()).isEqualTo("15s");
    List<PodMonitor> podMonitors = all(objects, PodMonitor.class);
    assertThat(podMonitors.stream().map(m -> m.getMetadata().getName()))
        .containsExactlyInAnyOrder(
            "streamcluster-operator", "streamcluster-operator-media-servers");
    PodMonitor mediaServers =
        podMonitors.stream()
            .filter(m -> m.getMetadata().getName().endsWith("media-servers"))
            .findFirst()
            .orElseThrow();
    assertThat(mediaServers.getSpec().getNamespaceSelector().getAny()).isTrue();
    assertThat(mediaServers.getSpec().getPodMetricsEndpoints().get(0).getInterval())
        .isEqualTo("10s");
    assertThat(mediaServers.getSpec().getPodMetricsEndpoints().get(0).getPort())
        .as("metrics are on the internal port only")
        .isEqualTo("internal");
    assertThat(mediaServers.getSpec().getPodMetricsEndpoints().get(0).getScheme())
        .isEqualTo("https");
    assertThat(
            mediaServers.getSpec().getPodMetricsEndpoints().get(0).getTlsConfig().getServerName())
        .isEqualTo("origin.example.com");
    assertThat(mediaServers.getSpec().getPodMetricsEndpoints().get(0).getPort())
        .as("metrics are on the internal port only")
        .isEqualTo("internal");
    assertThat(mediaServers.getSpec().getPodMetricsEndpoints().get(0).getScheme())
        .isEqualTo("https");
    assertThat(
            mediaServers.getSpec().getPodMetricsEndpoints().get(0).getTlsConfig().getServerName())
        .isEqualTo("origin.example.com");
    assertThat(mediaServers.getSpec().getSelector().getMatchLabels())
        .containsEntry("app.kubernetes.io/managed-by", "streamcluster-operator");

    ConfigMap dashboard = one(objects, ConfigMap.class);
    assertThat(dashboard.getMetadata().getNamespace()).isEqualTo("monitoring");
    assertThat(dashboard.getMetadata().getLabels()).containsEntry("grafana_dashboard", "1");
    assertThat(dashboard.getMetadata().getAnnotations())
        .containsEntry("grafana_folder", "Streaming");
  }

  @Test
  void dashboardChartsSubscribersEdgesAndBitrates() throws IOException {
    ConfigMap dashboard = one(OperatorChart.render(Optional.of(ALL_OPTIONS)), ConfigMap.class);
    JsonNode json = new ObjectMapper().readTree(dashboard.getData().get("streamcluster.json"));
    List<String> expressions = new ArrayList<>();
    json.path("panels")
        .forEach(p -> p.path("targets").forEach(t -> expressions.add(t.path("expr").asText())));

    assertThat(json.path("uid").asText()).isEqualTo("streamcluster");
    assertThat(expressions)
        .anyMatch(e -> e.contains("sum by (pod) (streamcluster_subscribers{"))
        .anyMatch(e -> e.contains("kube_deployment_spec_replicas"))
        .anyMatch(e -> e.contains("kube_deployment_status_replicas_ready"))
        .anyMatch(
            e -> e.matches(".*rate\\(streamcluster_ingest_bytes_total\\{.*\\}\\[1m\\]\\)\\) \\* 8"))
        .anyMatch(
            e ->
                e.matches(".*rate\\(streamcluster_egress_bytes_total\\{.*\\}\\[1m\\]\\)\\) \\* 8"));
  }

  @Test
  void dashboardShowsWhyTheAutoscalerDidWhatItDidAndTheViewersTurnedAway() throws IOException {
    ConfigMap dashboard = one(OperatorChart.render(Optional.of(ALL_OPTIONS)), ConfigMap.class);
    JsonNode json = new ObjectMapper().readTree(dashboard.getData().get("streamcluster.json"));
    List<String> expressions = new ArrayList<>();
    json.path("panels")
        .forEach(p -> p.path("targets").forEach(t -> expressions.add(t.path("expr").asText())));

    for (String metric :
        List.of(
            "streamcluster_autoscaler_recommended_edges",
            "streamcluster_autoscaler_predicted_edges",
            "streamcluster_autoscaler_scheduled_edges",
            "streamcluster_autoscaler_desired_edges",
            "streamcluster_autoscaler_join_rate",
            "streamcluster_autoscaler_edge_startup_seconds",
            "streamcluster_autoscaler_decision",
            "streamcluster_cluster_refusals_total",
            "streamcluster_cluster_waiting_viewers")) {
      assertThat(expressions).as(metric).anyMatch(e -> e.contains(metric + "{"));
    }
  }

  @Test
  void leaderElectionCanBeTurnedOffForOneReplica() {
    Container operator =
        operatorContainer(
            OperatorChart.render(
                Optional.of(OperatorChart.chartDir().resolve("ci/namespaced-values.yaml"))));

    assertThat(env(operator))
        .containsEntry("STREAMCLUSTER_LEADER_ELECTION", "false")
        .containsEntry("STREAMCLUSTER_WATCH_NAMESPACES", "live,staging");
  }

  static Deployment deployment(List<HasMetadata> objects) {
    return one(objects, Deployment.class);
  }

  static Container operatorContainer(List<HasMetadata> objects) {
    return deployment(objects).getSpec().getTemplate().getSpec().getContainers().stream()
        .filter(c -> c.getName().equals("operator"))
        .findFirst()
        .orElseThrow();
  }

  static Map<String, String> env(Container container) {
    return container.getEnv().stream()
        .collect(
            Collectors.toMap(
                EnvVar::getName, e -> e.getValue() == null ? "<valueFrom>" : e.getValue()));
  }

  static <T extends HasMetadata> T one(List<HasMetadata> objects, Class<T> type) {
    List<T> found = all(objects, type);
    assertThat(found).as("rendered %s objects", type.getSimpleName()).hasSize(1);
    return found.get(0);
  }

  static <T extends HasMetadata> List<T> all(List<HasMetadata> objects, Class<T> type) {
    return objects.stream().filter(type::isInstance).map(type::cast).toList();
  }

  /** Dotted paths of the leaves of a values tree; an empty map or list is a leaf too. */
  @SuppressWarnings("unchecked")
  static List<String> leafPaths(Map<String, Object> values, String prefix) {
    List<String> paths = new ArrayList<>();
    new TreeSet<>(values.keySet())
        .forEach(
            key -> {
              Object value = values.get(key);
              String path = prefix.isEmpty() ? key : prefix + "." + key;
              if (value instanceof Map<?, ?> map && !map.isEmpty()) {
                paths.addAll(leafPaths((Map<String, Object>) map, path));
              } else {
                paths.add(path);
              }
            });
    return paths;
  }
}
