package io.streamcluster.operator.kubeapi;

import io.fabric8.kubernetes.api.model.LoadBalancerStatusBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.streamcluster.operator.model.EdgeAdvertising;
import io.streamcluster.operator.model.Labels;
import io.streamcluster.operator.model.Labels.Component;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Stands in for what a bare apiserver lacks around edges that viewers reach: the kubelets that
 * register Nodes with their addresses and run edge pods on them, the scheduler that reports a pod
 * it cannot place, and a cloud's load-balancer controller that gives Services an ingress.
 */
final class PlatformSimulator {

  private final KubernetesClient client;
  private final String namespace;

  PlatformSimulator(KubernetesClient client, String namespace) {
    this.client = client;
    this.namespace = namespace;
  }

  /** A Node as a kubelet registers it; with an ExternalIP when {@code externalIp} is given. */
  Node node(String name, Map<String, String> annotations, String externalIp) {
    Node node =
        client
            .nodes()
            .resource(
                new NodeBuilder()
                    .withNewMetadata()
                    .withName(name)
                    .withAnnotations(annotations)
                    .endMetadata()
                    .build())
            .create();
    node.setStatus(new NodeStatus());
    node.getStatus().setAddresses(addresses(externalIp));
    return client.nodes().resource(node).updateStatus();
  }

  /** A kubelet reporting a new external address of its node. */
  void externalIp(String node, String externalIp) {
    client
        .nodes()
        .withName(node)
        .editStatus(
            n -> {
              n.getStatus().setAddresses(addresses(externalIp));
              return n;
            });
  }

  /** A platform team annotating a node behind NAT with the address that reaches it. */
  void annotateExternalAddress(String node, String address) {
    client
        .nodes()
        .withName(node)
        .edit(
            n -> {
              n.getMetadata()
                  .setAnnotations(
                      Map.of(EdgeAdvertising.NODE_EXTERNAL_ADDRESS_ANNOTATION, address));
              return n;
            });
  }

  private static List<NodeAddress> addresses(String externalIp) {
    List<NodeAddress> addresses =
        new ArrayList<>(List.of(new NodeAddress("10.0.0.9", "InternalIP")));
    if (externalIp != null) {
      addresses.add(new NodeAddress(externalIp, "ExternalIP"));
    }
    return addresses;
  }

  /** An edge pod as its ReplicaSet creates it, bound to {@code node} (null: not placed). */
  Pod edgePod(String cluster, String name, String node) {
    return client
        .pods()
        .inNamespace(namespace)
        .resource(
            new PodBuilder()
                .withNewMetadata()
                .withName(name)
                .withLabels(Labels.of(cluster, Component.EDGE))
                .endMetadata()
                .withNewSpec()
                .withNodeName(node)
                .withAutomountServiceAccountToken(false)
                .addNewContainer()
                .withName("edge")
                .withImage("streamcluster/media-server:0.1.0")
                .endContainer()
                .endSpec()
                .build())
        .create();
  }

  /** The scheduler's verdict on a pod it cannot place, as it writes it. */
  void unschedulable(Pod pod, String message) {
    if (pod.getStatus() == null) {
      pod.setStatus(new PodStatus());
    }
    pod.getStatus()
        .setConditions(
            List.of(
                new PodConditionBuilder()
                    .withType("PodScheduled")
                    .withStatus("False")
                    .withReason("Unschedulable")
                    .withMessage(message)
                    .build()));
    client.pods().inNamespace(namespace).resource(pod).updateStatus();
  }

  /** The cloud's controller giving the Service {@code name} its load balancer's address. */
  void assignIngress(String name, String ip, String hostname) {
    client
        .services()
        .inNamespace(namespace)
        .withName(name)
        .editStatus(
            s -> {
              s.getStatus()
                  .setLoadBalancer(
                      new LoadBalancerStatusBuilder()
                          .addNewIngress()
                          .withIp(ip)
                          .withHostname(hostname)
                          .endIngress()
                          .build());
              return s;
            });
  }

  /** The address the operator told the edge {@code pod}, if any. */
  static String advertised(Pod pod) {
    return pod.getMetadata().getAnnotations() == null
        ? null
        : pod.getMetadata().getAnnotations().get(EdgeAdvertising.ADVERTISE_ADDRESS_ANNOTATION);
  }
}
