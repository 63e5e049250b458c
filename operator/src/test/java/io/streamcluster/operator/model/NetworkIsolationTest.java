package io.streamcluster.operator.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.streamcluster.api.v1alpha1.StreamCluster;
import io.streamcluster.api.v1alpha1.TlsSpec;
import io.streamcluster.operator.model.Labels.Component;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

/**
 * The NetworkPolicy the operator gives each StreamCluster: the internal port only for the cluster's
 * own origins and edges, the operator and monitoring; the public ports for anyone.
 */
class NetworkIsolationTest {

  static final String IMAGE = "streamcluster/media-server:0.1.0";
  static final Map<String, String> OPERATOR_POD =
      Map.of(
          "app.kubernetes.io/name", "streamcluster-operator",
          "app.kubernetes.io/instance", "streamcluster-operator",
          "app.kubernetes.io/component", "operator",
          "pod-template-hash", "5d8f7");

  final NetworkIsolation isolation =
      new NetworkIsolation(
          "streamcluster-system",
          Map.of(
              "app.kubernetes.io/name", "streamcluster-operator",
              "app.kubernetes.io/instance", "streamcluster-operator",
              "app.kubernetes.io/component", "operator"),
          List.of("monitoring", "observability"));
  final NetworkPolicy policy = isolation.generatePolicy(new ClusterNames("live", "video"));

  @Test
  void onePolicyPerClusterInItsNamespaceLabelledAsTheOperatorsOwn() {
    assertThat(policy.getMetadata().getName()).isEqualTo("live-media-servers");
    assertThat(policy.getMetadata().getNamespace()).isEqualTo("video");
    assertThat(policy.getMetadata().getLabels())
        .containsEntry(Labels.MANAGED_BY, Labels.OPERATOR)
        .containsEntry(Labels.INSTANCE, "live");
  }

  @Test
  void selectsThisClustersOriginsAndEdgesAndNothingElse() {
    LabelSelector pods = policy.getSpec().getPodSelector();

    assertThat(matches(pods, Labels.of("live", Component.ORIGIN))).isTrue();
    assertThat(matches(pods, Labels.of("live", Component.EDGE))).isTrue();
    assertThat(matches(pods, Labels.of("other", Component.EDGE))).isFalse();
    assertThat(matches(pods, Labels.of("live", Component.CLUSTER_SECRET))).isFalse();
    assertThat(matches(pods, Map.of("app", "viewer-auth"))).isFalse();
    assertThat(policy.getSpec().getPolicyTypes()).containsExactly("Ingress");
  }

  @Test
  void publicPortsAreOpenToAnyoneAndTheInternalPortIsNot() {
    Set<Integer> open =
        policy.getSpec().getIngress().stream()
            .filter(rule -> rule.getFrom() == null || rule.getFrom().isEmpty())
            .flatMap(rule -> rule.getPorts().stream())
            .map(port -> port.getPort().getIntVal())
            .collect(Collectors.toSet());
    // every port of the media servers (with TLS) but the internal one
    StreamCluster cluster = StreamClusters.named("live", "video");
    cluster.getSpec().setTls(new TlsSpec("live-tls"));
    Set<Integer> containerPorts =
        containerPorts(cluster).stream()
            .filter(p -> !p.getName().equals(MediaServerPod.INTERNAL_PORT_NAME))
            .map(ContainerPort::getContainerPort)
            .collect(Collectors.toSet());
    assertThat(open).isEqualTo(containerPorts).doesNotContain(ClusterNames.INTERNAL_PORT);

    assertThat(internalRule(policy).getPorts())
        .extracting(NetworkPolicyPort::getProtocol, p -> p.getPort().getIntVal())
        .containsExactly(Tuple.tuple("TCP", ClusterNames.INTERNAL_PORT));
  }

  @Test
  void theInternalPortAdmitsTheClustersPodsTheOperatorAndMonitoringOnly() {
    List<NetworkPolicyPeer> from = internalRule(policy).getFrom();

    NetworkPolicyPeer mediaServers = from.get(0);
    assertThat(mediaServers.getNamespaceSelector()).as("the policy's own namespace").isNull();
    assertThat(matches(mediaServers.getPodSelector(), Labels.of("live", Component.EDGE))).isTrue();
    assertThat(matches(mediaServers.getPodSelector(), Labels.of("live", Component.ORIGIN)))
        .isTrue();
    assertThat(matches(mediaServers.getPodSelector(), Labels.of("other", Component.EDGE)))
        .as("another StreamCluster's edge")
        .isFalse();
    assertThat(matches(mediaServers.getPodSelector(), Map.of("app", "curl"))).isFalse();

    NetworkPolicyPeer operator = from.get(1);
    assertThat(operator.getNamespaceSelector().getMatchLabels())
        .containsExactly(Map.entry("kubernetes.io/metadata.name", "streamcluster-system"));
    assertThat(matches(operator.getPodSelector(), OPERATOR_POD)).isTrue();
    assertThat(
            matches(operator.getPodSelector(), Map.of("app.kubernetes.io/component", "operator")))
        .isFalse();

    assertThat(from.subList(2, from.size()))
        .extracting(
            p -> p.getNamespaceSelector().getMatchLabels().get("kubernetes.io/metadata.name"))
        .containsExactly("monitoring", "observability");
    assertThat(from.subList(2, from.size())).allMatch(p -> p.getPodSelector() == null);
  }

  @Test
  void withoutTheOperatorsNamespaceOrPodLabelsThereIsNoPolicyToWrite() {
    assertThatThrownBy(() -> new NetworkIsolation(" ", OPERATOR_POD, List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("namespace");
    assertThatThrownBy(() -> new NetworkIsolation("streamcluster-system", Map.of(), List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("labels");
  }

  private static List<ContainerPort> containerPorts(StreamCluster cluster) {
    List<ContainerPort> ports =
        new ArrayList<>(
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

  static NetworkPolicyIngressRule internalRule(NetworkPolicy policy) {
    List<NetworkPolicyIngressRule> restricted =
        policy.getSpec().getIngress().stream()
            .filter(rule -> rule.getFrom() != null && !rule.getFrom().isEmpty())
            .toList();
    assertThat(restricted).hasSize(1);
    return restricted.get(0);
  }

  private static boolean matches(LabelSelector selector, Map<String, String> labels) {
    return LabelSelectors.matches(selector, labels);
  }
}
