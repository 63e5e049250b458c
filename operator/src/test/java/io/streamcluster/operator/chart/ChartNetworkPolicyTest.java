package io.streamcluster.operator.chart;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.streamcluster.api.v1alpha1.StreamCluster;
import io.streamcluster.api.v1alpha1.TlsSpec;
import io.streamcluster.operator.model.EdgeModel;
import io.streamcluster.operator.model.Labels;
import io.streamcluster.operator.model.Labels.Component;
import io.streamcluster.operator.model.MediaServerPod;
import io.streamcluster.operator.model.OriginModel;
import io.streamcluster.operator.model.StreamClusters;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The chart's NetworkPolicy: the media servers' internal port only for the cluster's own origins
 * and edges, the operator and monitoring; their public ports for anyone; in the namespaces the
 * chart knows of.
 */
class ChartNetworkPolicyTest {

  static final String IMAGE = "streamcluster/media-server:0.1.0";

  static List<HasMetadata> render(String values) throws IOException {
    Path file = Files.createTempFile(Path.of("target"), "network-policy", ".yaml");
    Files.writeString(file, values);
    try {
      return OperatorChart.render(Optional.of(file));
    } finally {
      Files.delete(file);
    }
  }

  @Test
  void watchingEveryNamespaceTheChartKnowsNoNamespaceToGuard() {
    assertThat(ChartTemplateTest.all(OperatorChart.render(Optional.empty()), NetworkPolicy.class))
        .isEmpty();
  }

  @Test
  void eachWatchedNamespaceGetsThePolicy() {
    List<NetworkPolicy> policies =
        ChartTemplateTest.all(
            OperatorChart.render(Optional.of(ChartRbacTest.NAMESPACED)), NetworkPolicy.class);

    assertThat(policies)
        .extracting(p -> p.getMetadata().getNamespace() + "/" + p.getMetadata().getName())
        .containsExactlyInAnyOrder(
            "live/streamcluster-operator-media-servers",
            "staging/streamcluster-operator-media-servers");
  }

  @Test
  void namespacesListedForThePolicyTakePrecedenceAndItCanBeTurnedOff() throws IOException {
    assertThat(
            ChartTemplateTest.all(
                render("watchNamespaces: [live]\nnetworkPolicy: {namespaces: [video]}\n"),
                NetworkPolicy.class))
        .extracting(p -> p.getMetadata().getNamespace())
        .containsExactly("video");
    assertThat(
            ChartTemplateTest.all(
                render("watchNamespaces: [live]\nnetworkPolicy: {enabled: false}\n"),
                NetworkPolicy.class))
        .isEmpty();
  }

  @Test
  void selectsEveryOriginAndEdgePodTheOperatorRunsAndNothingElse() {
    NetworkPolicy policy = livePolicy(OperatorChart.render(Optional.of(ChartRbacTest.NAMESPACED)));
    LabelSelector pods = policy.getSpec().getPodSelector();

    assertThat(matches(pods, Labels.of("live", Component.ORIGIN))).isTrue();
    assertThat(matches(pods, Labels.of("other", Component.EDGE))).isTrue();
    assertThat(matches(pods, Labels.of("live", Component.CLUSTER_SECRET))).isFalse();
    assertThat(matches(pods, Map.of("app", "viewer-auth"))).isFalse();
    assertThat(policy.getSpec().getPolicyTypes()).containsExactly("Ingress");
  }

  @Test
  void publicPortsAreOpenToAnyoneAndTheInternalPortIsNot() {
    NetworkPolicy policy = livePolicy(OperatorChart.render(Optional.of(ChartRbacTest.NAMESPACED)));

    Set<Integer> open =
        policy.getSpec().getIngress().stream()
            .filter(rule -> rule.getFrom() == null || rule.getFrom().isEmpty())
            .flatMap(rule -> rule.getPorts().stream())
            .map(port -> port.getPort().getIntVal())
            .collect(Collectors.toSet());
    // every port of the media servers (with TLS, with host ports) but the internal one
    StreamCluster cluster = StreamClusters.named("live", "live");
    cluster.getSpec().setTls(new TlsSpec("live-tls"));
    Set<Integer> containerPorts =
        containerPorts(cluster).stream()
            .filter(p -> !p.getName().equals(MediaServerPod.INTERNAL_PORT_NAME))
            .map(ContainerPort::getContainerPort)
            .collect(Collectors.toSet());
    assertThat(open).isEqualTo(containerPorts).doesNotContain(9080);

    NetworkPolicyIngressRule internal = internalRule(policy);
    assertThat(internal.getPorts())
        .extracting(NetworkPolicyPort::getProtocol, p -> p.getPort().getIntVal())
        .containsExactly(org.assertj.core.groups.Tuple.tuple("TCP", 9080));
  }

  @Test
  void theInternalPortAdmitsTheClustersPodsTheOperatorAndMonitoringOnly() {
    List<HasMetadata> objects = OperatorChart.render(Optional.of(ChartRbacTest.NAMESPACED));
    List<NetworkPolicyPeer> from = internalRule(livePolicy(objects)).getFrom();

    NetworkPolicyPeer mediaServers = from.get(0);
    assertThat(mediaServers.getNamespaceSelector()).as("the policy's own namespace").isNull();
    assertThat(matches(mediaServers.getPodSelector(), Labels.of("live", Component.EDGE))).isTrue();
    assertThat(matches(mediaServers.getPodSelector(), Labels.of("live", Component.ORIGIN)))
        .isTrue();
    assertThat(matches(mediaServers.getPodSelector(), Map.of("app", "curl"))).isFalse();

    NetworkPolicyPeer operator = from.get(1);
    assertThat(operator.getNamespaceSelector().getMatchLabels())
        .containsExactly(Map.entry("kubernetes.io/metadata.name", OperatorChart.NAMESPACE));
    Map<String, String> operatorPod =
        ChartTemplateTest.one(objects, Deployment.class)
            .getSpec()
            .getTemplate()
            .getMetadata()
            .getLabels();
    assertThat(matches(operator.getPodSelector(), operatorPod)).isTrue();

    assertThat(from.subList(2, from.size()))
        .extracting(p -> p.getNamespaceSelector().getMatchLabels())
        .containsExactly(Map.of("kubernetes.io/metadata.name", "monitoring"));
    assertThat(from.subList(2, from.size())).allMatch(p -> p.getPodSelector() == null);
  }

  @Test
  void monitoringNamespacesAreConfigurable() throws IOException {
    List<HasMetadata> objects =
        render(
            "watchNamespaces: [live]\n"
                + "networkPolicy: {monitoringNamespaces: [observability, prometheus]}\n");
    List<NetworkPolicyPeer> from = internalRule(livePolicy(objects)).getFrom();

    assertThat(from.subList(2, from.size()))
        .extracting(
            p -> p.getNamespaceSelector().getMatchLabels().get("kubernetes.io/metadata.name"))
        .containsExactly("observability", "prometheus");
  }

  private static List<ContainerPort> containerPorts(StreamCluster cluster) {
    List<ContainerPort> ports =
        new java.util.ArrayList<>(
            OriginModel.fromCrd(cluster, IMAGE)
                .generateStatefulSet()
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .get(0)
                .getPorts());
    ports.addAll(
        EdgeModel.fromCrd(cluster, IMAGE)
            .generateDeployment()
            .getSpec()
            .getTemplate()
            .getSpec()
            .getContainers()
            .get(0)
            .getPorts());
    return ports;
  }

  private static NetworkPolicy livePolicy(List<HasMetadata> objects) {
    return ChartTemplateTest.all(objects, NetworkPolicy.class).stream()
        .filter(p -> p.getMetadata().getNamespace().equals("live"))
        .findFirst()
        .orElseThrow();
  }

  private static NetworkPolicyIngressRule internalRule(NetworkPolicy policy) {
    List<NetworkPolicyIngressRule> restricted =
        policy.getSpec().getIngress().stream()
            .filter(rule -> rule.getFrom() != null && !rule.getFrom().isEmpty())
            .toList();
    assertThat(restricted).hasSize(1);
    return restricted.get(0);
  }

  /** Whether {@code selector} selects an object labelled {@code labels} (In and NotIn only). */
  static boolean matches(LabelSelector selector, Map<String, String> labels) {
    Map<String, String> required =
        selector.getMatchLabels() == null ? Map.of() : selector.getMatchLabels();
    if (!labels.entrySet().containsAll(required.entrySet())) {
      return false;
    }
    List<LabelSelectorRequirement> expressions =
        selector.getMatchExpressions() == null ? List.of() : selector.getMatchExpressions();
    for (LabelSelectorRequirement requirement : expressions) {
      String value = labels.get(requirement.getKey());
      boolean in = value != null && requirement.getValues().contains(value);
      switch (requirement.getOperator()) {
        case "In" -> {
          if (!in) {
            return false;
          }
        }
        case "NotIn" -> {
          if (in) {
            return false;
          }
        }
        default -> throw new IllegalArgumentException("operator " + requirement.getOperator());
      }
    }
    return true;
  }
}
