package io.streamcluster.operator.kubeapi;

import io.streamcluster.api.v1alpha1.AutoscalingSpec;
import io.streamcluster.api.v1alpha1.ScalingBehaviorSpec;
import io.streamcluster.api.v1alpha1.ScalingPolicySpec;
import io.streamcluster.api.v1alpha1.ScalingRulesSpec;
import io.streamcluster.api.v1alpha1.StreamCluster;
import java.util.List;

/**
 * Mode Subscribers as the autoscaling runs on a real kube-apiserver set it: 100 subscribers per
 * edge wanted and 200 at most, from 2 edges up, 30 s to drain an edge, up at once by 2 edges a
 * second at most; the most edges and the pace down are the run's own.
 */
final class SubscriberAutoscaling {

  private SubscriberAutoscaling() {}

  /**
   * Sets mode Subscribers on {@code cluster}, up to {@code maxEdges}; down after a window of {@code
   * scaleDownWindowSeconds}, by {@code scaleDownEdges} a second at most.
   */
  static void applyTo(
      StreamCluster cluster, int maxEdges, int scaleDownWindowSeconds, int scaleDownEdges) {
    cluster.getSpec().getEdge().setMaxSubscribers(200);
    AutoscalingSpec autoscaling = cluster.getSpec().getAutoscaling();
    autoscaling.setMode(AutoscalingSpec.Mode.Subscribers);
    autoscaling.setMinEdges(2);
    autoscaling.setMaxEdges(maxEdges);
    autoscaling.setTargetSubscribersPerEdge(100);
    autoscaling.setDrainTimeoutSeconds(30);
    ScalingBehaviorSpec behavior = new ScalingBehaviorSpec();
    behavior.setScaleUp(edgesPerSecond(0, 2));
    behavior.setScaleDown(edgesPerSecond(scaleDownWindowSeconds, scaleDownEdges));
    autoscaling.setBehavior(behavior);
  }

  private static ScalingRulesSpec edgesPerSecond(int stabilizationWindowSeconds, int edges) {
    ScalingRulesSpec rules = new ScalingRulesSpec();
    rules.setStabilizationWindowSeconds(stabilizationWindowSeconds);
    rules.setPolicies(List.of(new ScalingPolicySpec(ScalingPolicySpec.Type.Pods, edges, 1)));
    return rules;
  }
}
