package io.streamcluster.operator.model;

import io.fabric8.kubernetes.api.model.LoadBalancerIngress;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.streamcluster.api.v1alpha1.EdgeSpec.Advertise;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What one edge pod can hand out to viewers in the modes where the operator tells it ({@code
 * NodeExternalIP}, {@code LoadBalancer}), worked out from what Kubernetes says of its node or of
 * its own Service. Pure: the reconciler looks the node and the Service up and writes {@link
 * #advertised()} into the pod's annotation.
 *
 * @param pod the edge pod's name
 * @param external the external address found (an IP or a load balancer's host name)
 * @param advertised what the edge hands out: the external address, or the edge's name from {@code
 *     spec.edge.advertiseHostname} once the external address exists
 * @param problem why there is none, as a clause for a condition message: "pod x on node y: ..."
 */
public record EdgeAddress(
    String pod, Optional<String> external, Optional<String> advertised, Optional<String> problem) {

  /** Where the addresses were looked for, in the order of preference. */
  static final List<String> NODE_ADDRESS_TYPES = List.of("ExternalIP", "ExternalDNS");

  /**
   * The address of the scheduled edge {@code pod}.
   *
   * @param node the pod's node as the operator sees it; empty when it does not know it (no Node
   *     read permission, or a node that went away)
   * @param service the pod's own Service (mode {@code LoadBalancer}); empty while it does not exist
   */
  public static EdgeAddress resolve(
      EdgeAdvertising advertising, Pod pod, Optional<Node> node, Optional<Service> service) {
    String name = pod.getMetadata().getName();
    Optional<String> external;
    String problem;
    if (advertising.mode() == Advertise.LoadBalancer) {
      external = service.flatMap(EdgeAddress::ingress);
      problem =
          !EdgeServiceModel.nameFits(pod)
              ? "pod %s: its name is longer than a Service name may be (%d); shorten the"
                      .formatted(name, EdgeServiceModel.MAX_NAME)
                  + " StreamCluster's name"
              : service.isEmpty()
                  ? "pod %s: its Service is not created yet".formatted(name)
                  : "pod %s: its Service %s has no load-balancer ingress yet (a cloud's load-balancer controller assigns one)"
                      .formatted(name, name);
    } else if (advertising.mode() == Advertise.NodeExternalIP) {
      String nodeName = pod.getSpec().getNodeName();
      external = node.flatMap(EdgeAddress::externalAddress);
      problem =
          node.isEmpty()
              ? "pod %s: its node %s is unknown to the operator (it needs to read Nodes)"
                  .formatted(name, nodeName)
              : ("pod %s on node %s: the node has no ExternalIP (or ExternalDNS) address and no"
                      + " annotation %s")
                  .formatted(name, nodeName, EdgeAdvertising.NODE_EXTERNAL_ADDRESS_ANNOTATION);
    } else {
      throw new IllegalArgumentException(
          "the operator tells no address in mode " + advertising.mode());
    }
    if (external.isEmpty()) {
      return new EdgeAddress(name, Optional.empty(), Optional.empty(), Optional.of(problem));
    }
    Optional<String> advertised = advertising.hostnameOf(name).or(() -> external);
    return new EdgeAddress(name, external, advertised, Optional.empty());
  }

  /**
   * A node's external address: its annotation, set by whoever knows it (bare metal, NAT), else the
   * first {@code ExternalIP}, else {@code ExternalDNS}, of its status.
   */
  public static Optional<String> externalAddress(Node node) {
    Map<String, String> annotations = node.getMetadata().getAnnotations();
    if (annotations != null) {
      String annotated = annotations.get(EdgeAdvertising.NODE_EXTERNAL_ADDRESS_ANNOTATION);
      if (annotated != null && !annotated.isBlank()) {
        return Optional.of(annotated.strip());
      }
    }
    List<NodeAddress> addresses =
        node.getStatus() == null || node.getStatus().getAddresses() == null
            ? List.of()
            : node.getStatus().getAddresses();
    for (String type : NODE_ADDRESS_TYPES) {
      Optional<String> found =
          addresses.stream()
              .filter(a -> type.equals(a.getType()))
              .map(NodeAddress::getAddress)
              .filter(a -> a != null && !a.isBlank())
              .findFirst();
      if (found.isPresent()) {
        return found;
      }
    }
    return Optional.empty();
  }

  /** A load balancer's address: the first ingress's IP, else its host name. */
  static Optional<String> ingress(Service service) {
    if (service.getStatus() == null
        || service.getStatus().getLoadBalancer() == null
        || service.getStatus().getLoadBalancer().getIngress() == null) {
      return Optional.empty();
    }
    for (LoadBalancerIngress ingress : service.getStatus().getLoadBalancer().getIngress()) {
      if (ingress.getIp() != null && !ingress.getIp().isBlank()) {
        return Optional.of(ingress.getIp());
      }
      if (ingress.getHostname() != null && !ingress.getHostname().isBlank()) {
        return Optional.of(ingress.getHostname());
      }
    }
    return Optional.empty();
  }
}
