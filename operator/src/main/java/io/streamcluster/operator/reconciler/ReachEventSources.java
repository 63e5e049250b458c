package io.streamcluster.operator.reconciler;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.config.informer.FieldSelector;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.NoEventSourceForClassException;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.streamcluster.api.v1alpha1.StreamCluster;
import io.streamcluster.operator.model.EdgeAddress;
import io.streamcluster.operator.model.EdgeAdvertising;
import io.streamcluster.operator.model.Labels;
import io.streamcluster.operator.model.Labels.Component;
import io.streamcluster.operator.model.MediaServerTls;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The informers on what the StreamCluster does not own but reacts to, so that a change reconciles
 * the clusters it concerns:
 *
 * <ul>
 *   <li>{@value #EDGE_PODS}: the edge pods (created by the Deployment's ReplicaSets), for their
 *       nodes, their scheduling and the addresses the operator writes on them;
 *   <li>{@value #NODES}: Nodes (cluster-wide, read only), for their external addresses ({@code
 *       advertise: NodeExternalIP}); only when the operator may read Nodes;
 *   <li>{@value #TLS_SECRETS}: {@code kubernetes.io/tls} Secrets, for whether the one a cluster
 *       names exists and carries a {@code ca.crt}.
 * </ul>
 *
 * Updates that change nothing of that are filtered out: pods and nodes report their status often.
 */
final class ReachEventSources {

  static final String EDGE_PODS = "edge-pods";
  static final String NODES = "nodes";
  static final String TLS_SECRETS = "tls-secrets";

  static final String EDGE_POD_SELECTOR =
      Labels.MANAGED_SELECTOR + "," + Labels.COMPONENT + "=" + Component.EDGE.value();

  private ReachEventSources() {}

  static List<EventSource<?, StreamCluster>> create(
      EventSourceContext<StreamCluster> context, boolean readNodes) {
    InformerEventSource<Pod, StreamCluster> pods =
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(Pod.class, StreamCluster.class)
                .withName(EDGE_PODS)
                .withNamespacesInheritedFromController()
                .withLabelSelector(EDGE_POD_SELECTOR)
                .withSecondaryToPrimaryMapper(ReachEventSources::clusterOf)
                .withOnUpdateFilter((now, before) -> !reachFacts(now).equals(reachFacts(before)))
                .build(),
            context);
    List<EventSource<?, StreamCluster>> sources = new ArrayList<>(List.of(pods));
    if (readNodes) {
      sources.add(
          new InformerEventSource<>(
              InformerEventSourceConfiguration.from(Node.class, StreamCluster.class)
                  .withName(NODES)
                  .withWatchAllNamespaces()
                  .withFollowControllerNamespacesChanges(false)
                  .withSecondaryToPrimaryMapper(
                      node ->
                          pods.list(
                                  pod ->
                                      node.getMetadata()
                                          .getName()
                                          .equals(pod.getSpec().getNodeName()))
                              .map(ReachEventSources::clusterOf)
                              .flatMap(Set::stream)
                              .collect(Collectors.toSet()))
                  .withOnUpdateFilter(
                      (now, before) ->
                          !EdgeAddress.externalAddress(now)
                              .equals(EdgeAddress.externalAddress(before)))
                  .build(),
              context));
    }
    sources.add(
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(Secret.class, StreamCluster.class)
                .withName(TLS_SECRETS)
                .withNamespacesInheritedFromController()
                .withFieldSelector(
                    new FieldSelector(new FieldSelector.Field("type", "kubernetes.io/tls")))
                .withSecondaryToPrimaryMapper(
                    secret ->
                        context
                            .getPrimaryCache()
                            .list(
                                secret.getMetadata().getNamespace(),
                                cluster ->
                                    MediaServerTls.secretName(cluster)
                                        .filter(secret.getMetadata().getName()::equals)
                                        .isPresent())
                            .map(ResourceID::fromResource)
                            .collect(Collectors.toSet()))
                .withOnUpdateFilter(
                    (now, before) ->
                        hasCa(now) != hasCa(before)
                            || !Objects.equals(now.getType(), before.getType()))
                .build(),
            context));
    return sources;
  }

  /** The StreamCluster an edge pod belongs to, by its instance label. */
  private static Set<ResourceID> clusterOf(Pod pod) {
    Map<String, String> labels = pod.getMetadata().getLabels();
    String cluster = labels == null ? null : labels.get(Labels.INSTANCE);
    return cluster == null
        ? Set.of()
        : Set.of(new ResourceID(cluster, pod.getMetadata().getNamespace()));
  }

  /** What of a pod matters here; status heartbeats and probes do not. */
  private static List<Object> reachFacts(Pod pod) {
    Map<String, String> annotations = pod.getMetadata().getAnnotations();
    Map<String, String> labels = pod.getMetadata().getLabels();
    return List.of(
        Optional.ofNullable(pod.getSpec().getNodeName()),
        Optional.ofNullable(pod.getMetadata().getDeletionTimestamp()),
        Optional.ofNullable(
            annotations == null
                ? null
                : annotations.get(EdgeAdvertising.ADVERTISE_ADDRESS_ANNOTATION)),
        Optional.ofNullable(labels == null ? null : labels.get(EdgeAdvertising.EDGE_POD_LABEL)),
        scheduled(pod).map(c -> c.getStatus() + "/" + c.getReason()));
  }

  static Optional<PodCondition> scheduled(Pod pod) {
    if (pod.getStatus() == null || pod.getStatus().getConditions() == null) {
      return Optional.empty();
    }
    return pod.getStatus().getConditions().stream()
        .filter(c -> "PodScheduled".equals(c.getType()))
        .findFirst();
  }

  private static boolean hasCa(Secret secret) {
    return secret.getData() != null && secret.getData().containsKey(MediaServerTls.CA_KEY);
  }

  /** The cluster's edge pods, terminating ones included. */
  static List<Pod> edgePods(Context<StreamCluster> context, StreamCluster cluster) {
    String name = cluster.getMetadata().getName();
    return context
        .getSecondaryResourcesAsStream(Pod.class)
        .filter(p -> name.equals(labelOf(p, Labels.INSTANCE)))
        .filter(p -> Component.EDGE.value().equals(labelOf(p, Labels.COMPONENT)))
        .toList();
  }

  /** The node {@code name}, when the operator reads Nodes and knows it. */
  static Optional<Node> node(Context<StreamCluster> context, String name) {
    return named(context, Node.class, NODES).flatMap(nodes -> nodes.get(new ResourceID(name)));
  }

  /** The TLS Secret the cluster names, when it exists. */
  static Optional<Secret> tlsSecret(Context<StreamCluster> context, StreamCluster cluster) {
    return MediaServerTls.secretName(cluster)
        .flatMap(
            name ->
                named(context, Secret.class, TLS_SECRETS)
                    .flatMap(
                        secrets ->
                            secrets.get(
                                new ResourceID(name, cluster.getMetadata().getNamespace()))));
  }

  @SuppressWarnings("unchecked")
  private static <R extends HasMetadata> Optional<InformerEventSource<R, StreamCluster>> named(
      Context<StreamCluster> context, Class<R> type, String name) {
    try {
      return Optional.of(
          (InformerEventSource<R, StreamCluster>)
              context.eventSourceRetriever().getEventSourceFor(type, name));
    } catch (IllegalArgumentException | NoEventSourceForClassException noSuchSource) {
      return Optional.empty();
    }
  }

  private static String labelOf(Pod pod, String key) {
    Map<String, String> labels = pod.getMetadata().getLabels();
    return labels == null ? null : labels.get(key);
  }
}
