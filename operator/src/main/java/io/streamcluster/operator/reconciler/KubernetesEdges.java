package io.streamcluster.operator.reconciler;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v1.ScaleBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.streamcluster.api.v1alpha1.StreamCluster;
import io.streamcluster.operator.model.Labels;
import io.streamcluster.operator.model.Labels.Component;
import io.streamcluster.operator.scaleloop.EdgeScaleTarget;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A StreamCluster's edges in Kubernetes: its edge pods, their deletion cost, and the
 * StreamCluster's scale subresource, which the operator writes as an HPA would.
 */
final class KubernetesEdges implements EdgeScaleTarget {

  /** ReplicaSets remove the pods with the lowest cost first (the default cost is 0). */
  static final String DELETION_COST = "controller.kubernetes.io/pod-deletion-cost";

  static final String DRAINED_COST = "-1000";

  private final KubernetesClient client;
  private final String namespace;
  private final String name;

  KubernetesEdges(KubernetesClient client, StreamCluster cluster) {
    this.client = client;
    this.namespace = cluster.getMetadata().getNamespace();
    this.name = cluster.getMetadata().getName();
  }

  @Override
  public Set<String> edgePods() {
    return client
        .pods()
        .inNamespace(namespace)
        .withLabels(Labels.selector(name, Component.EDGE))
        .list()
        .getItems()
        .stream()
        .filter(pod -> pod.getMetadata().getDeletionTimestamp() == null)
        .map(Pod::getMetadata)
        .map(m -> m.getName())
        .collect(Collectors.toSet());
  }

  @Override
  public void preferForRemoval(String pod) {
    String patch =
        "{\"metadata\":{\"annotations\":{\"" + DELETION_COST + "\":\"" + DRAINED_COST + "\"}}}";
    // by reference: patching by name alone makes the client read the whole pod first
    Pod reference =
        new PodBuilder()
            .withNewMetadata()
            .withName(pod)
            .withNamespace(namespace)
            .endMetadata()
            .build();
    try {
      client
          .pods()
          .inNamespace(namespace)
          .resource(reference)
          .patch(PatchContext.of(PatchType.JSON_MERGE), patch);
    } catch (KubernetesClientException e) {
      if (e.getCode() != 404) {
        throw e;
      }
      // gone already: nothing left to prefer
    }
  }

  /**
   * Sets the scale's replicas, unconditionally as an HPA would. Only the scale subresource is
   * written: the client's {@code scale(int)} would also read the Scale first and the whole
   * StreamCluster after, neither of which the operator uses.
   */
  @Override
  public void scale(int edges) {
    client
        .resources(StreamCluster.class)
        .inNamespace(namespace)
        .withName(name)
        .scale(
            new ScaleBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(namespace)
                .endMetadata()
                .withNewSpec()
                .withReplicas(edges)
                .endSpec()
                .build());
  }
}
