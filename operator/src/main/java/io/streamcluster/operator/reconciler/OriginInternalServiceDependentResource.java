package io.streamcluster.operator.reconciler;

import io.fabric8.kubernetes.api.model.Service;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.streamcluster.api.v1alpha1.StreamCluster;
import io.streamcluster.operator.model.Labels;

/** The ClusterIP Service of the origins' internal port: the cluster API edges check in with. */
@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_SELECTOR))
public class OriginInternalServiceDependentResource
    extends CRUDKubernetesDependentResource<Service, StreamCluster> {

  public OriginInternalServiceDependentResource() {
    super(Service.class);
  }

  @Override
  protected Service desired(StreamCluster primary, Context<StreamCluster> context) {
    return DesiredModel.of(context).origin().generateInternalService();
  }
}
