package io.streamcluster.operator.reconciler;

import io.fabric8.kubernetes.api.model.Service;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.GarbageCollected;
import io.javaoperatorsdk.operator.processing.dependent.CRUDKubernetesBulkDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.streamcluster.api.v1alpha1.StreamCluster;
import io.streamcluster.operator.model.EdgeServiceModel;
import io.streamcluster.operator.model.Labels;
import io.streamcluster.operator.model.Labels.Component;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The per-edge Services of {@code advertise: LoadBalancer} ({@link EdgeServiceModel}), one per edge
 * pod that exists, as many as there are pods: created when a pod appears, deleted once it is gone
 * (a terminating pod keeps its Service while it drains), all deleted when the mode changes.
 */
@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_SELECTOR))
public class EdgeServicesDependentResource
    extends KubernetesDependentResource<Service, StreamCluster>
    implements CRUDKubernetesBulkDependentResource<Service, StreamCluster>,
        GarbageCollected<StreamCluster> {

  public EdgeServicesDependentResource() {
    super(Service.class);
  }

  @Override
  public Map<ResourceID, Service> desiredResources(
      StreamCluster primary, Context<StreamCluster> context) {
    EdgeServiceModel services = EdgeServiceModel.of(primary, DesiredModel.of(context).edges());
    if (!services.enabled()) {
      return Map.of();
    }
    return ReachEventSources.edgePods(context, primary).stream()
        .filter(EdgeServiceModel::nameFits)
        .map(services::generateService)
        .collect(Collectors.toMap(ResourceID::fromResource, Function.identity()));
  }

  @Override
  public Map<ResourceID, Service> getSecondaryResources(
      StreamCluster primary, Context<StreamCluster> context) {
    Map<String, String> edge = Labels.selector(primary.getMetadata().getName(), Component.EDGE);
    return context
        .getSecondaryResourcesAsStream(Service.class)
        .filter(s -> s.getMetadata().getLabels() != null)
        .filter(s -> s.getMetadata().getLabels().entrySet().containsAll(edge.entrySet()))
        .collect(Collectors.toMap(ResourceID::fromResource, Function.identity(), (a, b) -> a));
  }
}
