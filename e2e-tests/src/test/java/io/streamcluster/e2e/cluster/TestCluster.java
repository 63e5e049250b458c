package io.streamcluster.e2e.cluster;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A real Kubernetes cluster the end-to-end tests run against, started (or attached to) once per
 * test run and stopped when the run ends.
 */
public interface TestCluster extends AutoCloseable {

  /** Which provider: {@code node}, {@code k3s} or {@code kubeconfig}. */
  String provider();

  /** One line for the run's log: the provider, where the cluster is, the Kubernetes version. */
  String describe();

  Path kubeconfig();

  KubernetesClient client();

  /** kubectl for this cluster (the version the cluster is built from where there is one). */
  Kubectl kubectl();

  /**
   * Makes images built on this machine (buildah's storage, or Docker's where it runs) usable by the
   * cluster's pods under the same names, without any registry.
   */
  void loadImages(List<String> images) throws Exception;

  /**
   * An address from which the host reaches a Service port: by default a port-forward through the
   * API server; a cluster whose Service network the host is on gives the ClusterIP.
   */
  default HostEndpoint reach(Service service, int port) {
    return PortForward.to(client(), service, port);
  }

  /**
   * An address from which the host reaches a pod's port: by default a port-forward through the API
   * server; a cluster whose pod network the host is on gives the pod IP.
   */
  default HostEndpoint reach(Pod pod, int port) {
    return PortForward.to(client(), pod, port);
  }

  /**
   * For each node, an address of it that this host reaches and that viewers would use: what a
   * cloud's node has as its external address. By default each node's InternalIP (kind's and k3s's
   * nodes are containers the host reaches); the project's own node has an address of its own.
   */
  default Map<String, String> nodeExternalAddresses() {
    Map<String, String> addresses = new LinkedHashMap<>();
    for (Node node : client().nodes().list().getItems()) {
      node.getStatus().getAddresses().stream()
          .filter(a -> "InternalIP".equals(a.getType()))
          .map(NodeAddress::getAddress)
          .findFirst()
          .ifPresent(a -> addresses.put(node.getMetadata().getName(), a));
    }
    return addresses;
  }

  /** Stops what this provider started; attached clusters are left as they were. */
  @Override
  void close();
}
