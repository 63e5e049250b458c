package io.streamcluster.operator.reconciler;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.streamcluster.api.v1alpha1.StreamCluster;
import io.streamcluster.operator.model.Labels;

/**
 * The edges' Deployment; its replicas follow {@code spec.edge.replicas}, which the autoscaler sets
 * through the scale subresource in mode {@code Subscribers}.
 */
@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_SELECTOR))
public class EdgeDeploymentDependentResource
    extends CRUDKubernetesDependentResource<Deployment, StreamCluster> {

  public EdgeDeploymentDependentResource() {
    super(Deployment.class);
  }

  @Override
  protected Deployment desired(StreamCluster primary, Context<StreamCluster> context) {
    return DesiredModel.of(context).edges().generateDeployment();
  }
}
