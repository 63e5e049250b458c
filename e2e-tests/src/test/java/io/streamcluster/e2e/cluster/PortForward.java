package io.streamcluster.e2e.cluster;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.LocalPortForward;

/**
 * Reaching cluster ports through the API server, for clusters whose pod and Service networks the
 * host is not on (k3s in a container, kind, a remote cluster).
 */
final class PortForward {

  private PortForward() {}

  static HostEndpoint to(KubernetesClient client, Service service, int port) {
    LocalPortForward forward =
        client
            .services()
            .inNamespace(service.getMetadata().getNamespace())
            .withName(service.getMetadata().getName())
            .portForward(port);
    return new HostEndpoint("127.0.0.1", forward.getLocalPort(), forward);
  }

  static HostEndpoint to(KubernetesClient client, Pod pod, int port) {
    LocalPortForward forward =
        client
            .pods()
            .inNamespace(pod.getMetadata().getNamespace())
            .withName(pod.getMetadata().getName())
            .portForward(port);
    return new HostEndpoint("127.0.0.1", forward.getLocalPort(), forward);
  }
}
