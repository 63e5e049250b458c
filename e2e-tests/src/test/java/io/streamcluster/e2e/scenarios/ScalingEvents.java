package io.streamcluster.e2e.scenarios;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.streamcluster.api.v1alpha1.StreamCluster;
import java.util.List;

/** Kubernetes Events about a StreamCluster (the operator's decisions and errors). */
final class ScalingEvents {

  private ScalingEvents() {}

  static List<Event> about(KubernetesClient client, String namespace, String name) {
    return client.v1().events().inNamespace(namespace).list().getItems().stream()
        .filter(e -> StreamCluster.KIND.equals(e.getInvolvedObject().getKind()))
        .filter(e -> name.equals(e.getInvolvedObject().getName()))
        .toList();
  }

  static List<Event> scalingDecisions(KubernetesClient client, String namespace, String name) {
    return about(client, namespace, name).stream()
        .filter(e -> e.getReason() != null && e.getReason().toLowerCase().contains("scal"))
        .toList();
  }
}
