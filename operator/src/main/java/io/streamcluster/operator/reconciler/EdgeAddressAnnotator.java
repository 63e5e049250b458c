package io.streamcluster.operator.reconciler;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.streamcluster.api.v1alpha1.EdgeSpec.Advertise;
import io.streamcluster.api.v1alpha1.StreamCluster;
import io.streamcluster.operator.model.EdgeAddress;
import io.streamcluster.operator.model.EdgeAdvertising;
import io.streamcluster.operator.model.EdgeModel;
import io.streamcluster.operator.model.Labels;
import io.streamcluster.operator.model.Labels.Component;
import io.streamcluster.operator.status.EdgeReachability;
import io.streamcluster.operator.status.EdgeReachability.Unschedulable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells each edge pod the address it hands out, in the modes where only the operator can know it
 * ({@code NodeExternalIP}, {@code LoadBalancer}): it works the address out from the pod's node or
 * its own Service ({@link EdgeAddress}) and writes it into the pod's annotation {@value
 * EdgeAdvertising#ADVERTISE_ADDRESS_ANNOTATION}, which the pod's downward-API volume turns into the
 * file the edge reads; without an address it removes the annotation, so the edge leaves the
 * rotation. In mode {@code LoadBalancer} it also labels each pod with its own name, which its
 * Service selects. Pods that are terminating are left alone (they drain, and are handed out no
 * more). It reports what it saw for the status.
 */
final class EdgeAddressAnnotator {

  private static final Logger log = LoggerFactory.getLogger(EdgeAddressAnnotator.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private EdgeAddressAnnotator() {}

  static EdgeReachability.Observed annotate(
      Context<StreamCluster> context, StreamCluster cluster, EdgeModel edges) {
    EdgeAdvertising advertising = edges.advertising();
    List<EdgeAddress> addresses = new ArrayList<>();
    List<Unschedulable> unschedulable = new ArrayList<>();
    int scheduled = 0;
    for (Pod pod : ReachEventSources.edgePods(context, cluster)) {
      if (pod.getMetadata().getDeletionTimestamp() != null) {
        continue;
      }
      if (pod.getSpec().getNodeName() == null) {
        ReachEventSources.scheduled(pod)
            .filter(c -> "False".equals(c.getStatus()) && "Unschedulable".equals(c.getReason()))
            .ifPresent(
                c ->
                    unschedulable.add(
                        new Unschedulable(
                            pod.getMetadata().getName(),
                            Objects.requireNonNullElse(c.getMessage(), "Unschedulable"))));
        continue;
      }
      scheduled++;
      if (!advertising.operatorWritesAddress()) {
        continue;
      }
      EdgeAddress address =
          EdgeAddress.resolve(
              advertising,
              pod,
              ReachEventSources.node(context, pod.getSpec().getNodeName()),
              ownService(context, cluster, pod));
      addresses.add(address);
      tell(context, pod, advertising, address);
    }
    return new EdgeReachability.Observed(advertising.mode(), scheduled, addresses, unschedulable);
  }

  private static Optional<Service> ownService(
      Context<StreamCluster> context, StreamCluster cluster, Pod pod) {
    String name = pod.getMetadata().getName();
    return context
        .getSecondaryResourcesAsStream(Service.class)
        .filter(s -> name.equals(s.getMetadata().getName()))
        .filter(
            s ->
                Labels.selector(cluster.getMetadata().getName(), Component.EDGE).entrySet().stream()
                    .allMatch(
                        e ->
                            e.getValue()
                                .equals(orEmpty(s.getMetadata().getLabels()).get(e.getKey()))))
        .findFirst();
  }

  /** Patches what differs: the address annotation, and in mode LoadBalancer the pod's label. */
  private static void tell(
      Context<StreamCluster> context, Pod pod, EdgeAdvertising advertising, EdgeAddress address) {
    String name = pod.getMetadata().getName();
    Map<String, Object> metadata = new LinkedHashMap<>();
    String current =
        orEmpty(pod.getMetadata().getAnnotations())
            .get(EdgeAdvertising.ADVERTISE_ADDRESS_ANNOTATION);
    String wanted = address.advertised().orElse(null);
    if (!Objects.equals(current, wanted)) {
      Map<String, String> annotations = new LinkedHashMap<>();
      annotations.put(EdgeAdvertising.ADVERTISE_ADDRESS_ANNOTATION, wanted);
      metadata.put("annotations", annotations);
    }
    if (advertising.mode() == Advertise.LoadBalancer
        && !name.equals(
            orEmpty(pod.getMetadata().getLabels()).get(EdgeAdvertising.EDGE_POD_LABEL))) {
      metadata.put("labels", Map.of(EdgeAdvertising.EDGE_POD_LABEL, name));
    }
    if (metadata.isEmpty()) {
      return;
    }
    // by reference: patching by name alone makes the client read the whole pod first
    Pod reference =
        new PodBuilder()
            .withNewMetadata()
            .withName(name)
            .withNamespace(pod.getMetadata().getNamespace())
            .endMetadata()
            .build();
    try {
      context
          .getClient()
          .pods()
          .inNamespace(pod.getMetadata().getNamespace())
          .resource(reference)
          .patch(
              PatchContext.of(PatchType.JSON_MERGE),
              JSON.writeValueAsString(Map.of("metadata", metadata)));
      if (!Objects.equals(current, wanted)) {
        log.info(
            "Edge {} hands out {}",
            name,
            wanted == null ? "nothing (" + address.problem().orElse("") + ")" : wanted);
      }
    } catch (KubernetesClientException e) {
      if (e.getCode() != 404) {
        throw e;
      }
      // gone already: nothing to tell it
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Map<String, String> orEmpty(Map<String, String> map) {
    return map == null ? Map.of() : map;
  }
}
