package io.streamcluster.operator.reconciler;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;
import io.streamcluster.api.v1alpha1.StreamCluster;
import io.streamcluster.operator.model.Labels;
import io.streamcluster.operator.model.NetworkIsolation;

/**
 * The NetworkPolicy that keeps the media servers' internal port to the cluster's own pods, the
 * operator and monitoring ({@link NetworkIsolation}); only when the operator runs with {@code
 * --network-policy}, so without it the operator neither watches nor needs NetworkPolicies.
 */
@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_SELECTOR))
public class NetworkPolicyDependentResource
    extends CRUDKubernetesDependentResource<NetworkPolicy, StreamCluster> {

  public NetworkPolicyDependentResource() {
    super(NetworkPolicy.class);
  }

  @Override
  protected NetworkPolicy desired(StreamCluster primary, Context<StreamCluster> context) {
    return DesiredModel.isolation(context)
        .orElseThrow()
        .generatePolicy(DesiredModel.of(context).names());
  }

  /** Active when the operator was told to guard the internal port. */
  public static final class Enabled implements Condition<NetworkPolicy, StreamCluster> {
    @Override
    public boolean isMet(
        DependentResource<NetworkPolicy, StreamCluster> dependentResource,
        StreamCluster primary,
        Context<StreamCluster> context) {
      return DesiredModel.isolation(context).isPresent();
    }
  }
}
