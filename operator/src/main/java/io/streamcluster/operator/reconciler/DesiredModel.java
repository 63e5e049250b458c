package io.streamcluster.operator.reconciler;

import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.streamcluster.api.v1alpha1.StreamCluster;
import io.streamcluster.operator.model.ClusterModel;
import io.streamcluster.operator.model.NetworkIsolation;
import java.util.Optional;

/**
 * Hands the model the reconciler validated to the dependent resources of the same reconcile, so the
 * spec is validated once and every dependent builds from the same view of it.
 */
final class DesiredModel {

  private static final String KEY = ClusterModel.class.getName();
  private static final String ISOLATION_KEY = NetworkIsolation.class.getName();

  private DesiredModel() {}

  static void put(Context<StreamCluster> context, ClusterModel model) {
    context.managedWorkflowAndDependentResourceContext().put(KEY, model);
  }

  /** The operator's NetworkPolicy settings, or none when it creates no NetworkPolicies. */
  static void putIsolation(Context<StreamCluster> context, Optional<NetworkIsolation> isolation) {
    isolation.ifPresent(
        i -> context.managedWorkflowAndDependentResourceContext().put(ISOLATION_KEY, i));
  }

  static Optional<NetworkIsolation> isolation(Context<StreamCluster> context) {
    return context
        .managedWorkflowAndDependentResourceContext()
        .get(ISOLATION_KEY, NetworkIsolation.class);
  }

  static ClusterModel of(Context<StreamCluster> context) {
    return context
        .managedWorkflowAndDependentResourceContext()
        .get(KEY, ClusterModel.class)
        .orElseThrow(
            () -> new IllegalStateException("the reconciler did not validate the spec first"));
  }
}
