package io.streamcluster.e2e.scenarios;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.streamcluster.api.v1alpha1.AutoscalingSpec;
import io.streamcluster.api.v1alpha1.StreamCluster;
import io.streamcluster.media.testing.Command;
import java.time.Duration;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Scenario 9: in mode External, {@code kubectl scale scl/NAME} moves the edges (scale subresource).
 */
@Order(9)
class ExternalScaleE2E extends Scenario {

  @Test
  void kubectlScaleChangesTheEdges() throws Exception {
    StreamCluster sc = StreamClusters.quick("external", 1, 5, 100);
    sc.getSpec().getAutoscaling().setMode(AutoscalingSpec.Mode.External);
    sc.getSpec().getAutoscaling().setDrainTimeoutSeconds(5);
    StreamClusters.create(client, ns(), sc);
    StreamClusters.awaitReady(client, ns(), "external", Duration.ofMinutes(3));

    scaleTo(3);
    scaleTo(1);
  }

  private void scaleTo(int edges) throws Exception {
    Command.Result scaled =
        cluster.kubectl().run("scale", "scl/external", "--replicas=" + edges, "-n", ns());
    assertThat(scaled.succeeded()).as(scaled.describe()).isTrue();
    timeline.step(
        "kubectl scale scl --replicas=" + edges + " -> edges Ready",
        () ->
            await("edges at " + edges)
                .atMost(Duration.ofSeconds(120))
                .until(
                    () ->
                        StreamClusters.readyEdgePods(client, ns(), "external").size() == edges
                            && StreamClusters.edgePods(client, ns(), "external").size() == edges));
    await("the scale subresource reports " + edges)
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              StreamCluster now = StreamClusters.get(client, ns(), "external");
              return now.getStatus() != null
                  && now.getStatus().getEdges() != null
                  && Integer.valueOf(edges).equals(now.getStatus().getEdges().getReplicas());
            });
  }
}
