package io.streamcluster.operator.reconciler;

import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.GarbageCollected;
import io.javaoperatorsdk.operator.processing.dependent.Creator;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.streamcluster.api.v1alpha1.StreamCluster;
import io.streamcluster.operator.model.Labels;

/**
 * The cluster secret: created with a random value when absent, never updated (a new value would
 * lock the running edges out of their origins), deleted with the StreamCluster.
 */
@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_SELECTOR))
public class ClusterSecretDependentResource
    extends KubernetesDependentResource<Secret, StreamCluster>
    implements Creator<Secret, StreamCluster>, GarbageCollected<StreamCluster> {

  public ClusterSecretDependentResource() {
    super(Secret.class);
  }

  @Override
  protected Secret desired(StreamCluster primary, Context<StreamCluster> context) {
    return DesiredModel.of(context).secret().generateSecret();
  }

  // by name: the default would build (and so generate) a desired secret just to learn its name
  @Override
  protected ResourceID targetSecondaryResourceID(
      StreamCluster primary, Context<StreamCluster> context) {
    return new ResourceID(
        DesiredModel.of(context).names().clusterSecret(), primary.getMetadata().getNamespace());
  }
}
