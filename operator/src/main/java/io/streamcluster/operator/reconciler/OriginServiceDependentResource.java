package io.streamcluster.operator.reconciler;

import io.fabric8.kubernetes.api.model.Service;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.streamcluster.api.v1alpha1.StreamCluster;
import io.streamcluster.operator.model.Labels;

/** The origin Service that publishers push to and edges check in with. */
@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_SELECTOR))
public class OriginServiceDependentResource
    extends CRUDKubernetesDependentResource<Service, StreamCluster> {

  public OriginServiceDependentResource() {
    super(Service.class);
  }

  @Override
  protected Service desired(StreamCluster primary, Context<StreamCluster> context) {
    return DesiredModel.of(context).origin().generateService();
  }
}
