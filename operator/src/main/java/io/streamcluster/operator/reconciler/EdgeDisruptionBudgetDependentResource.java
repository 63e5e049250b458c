package io.streamcluster.operator.reconciler;

import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.streamcluster.api.v1alpha1.StreamCluster;
import io.streamcluster.operator.model.Labels;

/** The edges' PodDisruptionBudget. */
@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_SELECTOR))
public class EdgeDisruptionBudgetDependentResource
    extends CRUDKubernetesDependentResource<PodDisruptionBudget, StreamCluster> {

  public EdgeDisruptionBudgetDependentResource() {
    super(PodDisruptionBudget.class);
  }

  @Override
  protected PodDisruptionBudget desired(StreamCluster primary, Context<StreamCluster> context) {
    return DesiredModel.of(context).edges().generatePodDisruptionBudget();
  }
}
