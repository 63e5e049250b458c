package io.streamcluster.operator.reconciler;

import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.streamcluster.api.v1alpha1.StreamCluster;
import io.streamcluster.operator.model.Labels;

/** The origins' StatefulSet. */
@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_SELECTOR))
public class OriginStatefulSetDependentResource
    extends CRUDKubernetesDependentResource<StatefulSet, StreamCluster> {

  public OriginStatefulSetDependentResource() {
    super(StatefulSet.class);
  }

  @Override
  protected StatefulSet desired(StreamCluster primary, Context<StreamCluster> context) {
    return DesiredModel.of(context).origin().generateStatefulSet();
  }
}
