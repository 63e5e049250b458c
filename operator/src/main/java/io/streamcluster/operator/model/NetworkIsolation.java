package io.streamcluster.operator.model;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRuleBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeerBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPortBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Who may reach the media servers' internal port (the cluster API and {@code /metrics}): the
 * StreamCluster's own origins and edges, the operator's pods and the monitoring namespaces; the
 * public ports stay open to anyone. One NetworkPolicy per StreamCluster, in its namespace, so it
 * guards every namespace the operator serves, also when it watches them all.
 *
 * @param operatorNamespace the namespace the operator runs in
 * @param operatorPodLabels labels that select the operator's pods
 * @param monitoringNamespaces namespaces whose pods may scrape {@code /metrics}
 */
public record NetworkIsolation(
    String operatorNamespace,
    Map<String, String> operatorPodLabels,
    List<String> monitoringNamespaces) {

  /** The label every namespace carries with its own name (Kubernetes 1.22 and later). */
  static final String NAMESPACE_NAME_LABEL = "kubernetes.io/metadata.name";

  /** The media servers' ports for publishers and players, with and without TLS. */
  static final List<Integer> PUBLIC_PORTS =
      List.of(
          ClusterNames.RTMP_PORT,
          ClusterNames.HTTP_PORT,
          MediaServerTls.RTMPS_PORT,
          MediaServerTls.HTTPS_PORT);

  public NetworkIsolation {
    Objects.requireNonNull(operatorNamespace, "operatorNamespace");
    if (operatorNamespace.isBlank()) {
      throw new IllegalArgumentException(
          "the operator's namespace is needed for its NetworkPolicies");
    }
    if (operatorPodLabels.isEmpty()) {
      throw new IllegalArgumentException(
          "labels that select the operator's pods are needed for its NetworkPolicies");
    }
    operatorPodLabels = Map.copyOf(operatorPodLabels);
    monitoringNamespaces = List.copyOf(monitoringNamespaces);
  }

  /** The NetworkPolicy of the StreamCluster {@code names}. */
  public NetworkPolicy generatePolicy(ClusterNames names) {
    return new NetworkPolicyBuilder()
        .withMetadata(
            new ObjectMetaBuilder()
                .withName(names.networkPolicy())
                .withNamespace(names.namespace())
                .withLabels(Labels.of(names.cluster(), Labels.Component.NETWORK_POLICY))
                .build())
        .withNewSpec()
        .withPodSelector(mediaServers(names.cluster()))
        .withPolicyTypes("Ingress")
        .withIngress(publicPorts(), internalPort(names.cluster()))
        .endSpec()
        .build();
  }

  /** Publishers, players and the kubelet's probes: anyone. */
  private static NetworkPolicyIngressRule publicPorts() {
    return new NetworkPolicyIngressRuleBuilder()
        .withPorts(PUBLIC_PORTS.stream().map(NetworkIsolation::tcp).toList())
        .build();
  }

  private NetworkPolicyIngressRule internalPort(String cluster) {
    List<NetworkPolicyPeer> from = new ArrayList<>();
    // edges check in with the origins, origins ask their peers
    from.add(new NetworkPolicyPeerBuilder().withPodSelector(mediaServers(cluster)).build());
    // the operator reads the cluster view and drains edges
    from.add(
        new NetworkPolicyPeerBuilder()
            .withNamespaceSelector(namespaceNamed(operatorNamespace))
            .withPodSelector(new LabelSelectorBuilder().withMatchLabels(operatorPodLabels).build())
            .build());
    // Prometheus scrapes /metrics
    for (String namespace : monitoringNamespaces) {
      from.add(
          new NetworkPolicyPeerBuilder().withNamespaceSelector(namespaceNamed(namespace)).build());
    }
    return new NetworkPolicyIngressRuleBuilder()
        .withPorts(tcp(ClusterNames.INTERNAL_PORT))
        .withFrom(from)
        .build();
  }

  /** The origin and edge pods of one StreamCluster. */
  private static LabelSelector mediaServers(String cluster) {
    return new LabelSelectorBuilder()
        .addToMatchLabels(Labels.NAME, Labels.APP_NAME)
        .addToMatchLabels(Labels.INSTANCE, cluster)
        .addNewMatchExpression()
        .withKey(Labels.COMPONENT)
        .withOperator("In")
        .withValues(Labels.Component.ORIGIN.value(), Labels.Component.EDGE.value())
        .endMatchExpression()
        .build();
  }

  private static LabelSelector namespaceNamed(String namespace) {
    return new LabelSelectorBuilder().addToMatchLabels(NAMESPACE_NAME_LABEL, namespace).build();
  }

  private static NetworkPolicyPort tcp(int port) {
    return new NetworkPolicyPortBuilder()
        .withProtocol("TCP")
        .withPort(new IntOrString(port))
        .build();
  }
}
