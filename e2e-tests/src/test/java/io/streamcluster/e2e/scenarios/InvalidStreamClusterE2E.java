package io.streamcluster.e2e.scenarios;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.streamcluster.api.v1alpha1.StreamCluster;
import io.streamcluster.api.v1alpha1.StreamClusterStatus;
import io.streamcluster.media.testing.Command;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Scenario 8: what the API refuses (schema, CEL rules) is refused by {@code kubectl apply} with the
 * rule's message; a StreamCluster that cannot run shows it in a condition and an Event while the
 * operator keeps serving the others.
 */
@Order(8)
class InvalidStreamClusterE2E extends Scenario {

  @Test
  void celRuleViolationIsRefusedWithTheRulesMessage() throws Exception {
    Command.Result result =
        apply("spec: {edge: {maxSubscribers: 100}, autoscaling: {targetSubscribersPerEdge: 500}}");
    assertThat(result.succeeded()).as(result.describe()).isFalse();
    assertThat(result.stderr())
        .contains("autoscaling.targetSubscribersPerEdge must not exceed edge.maxSubscribers");
  }

  @Test
  void schemaViolationIsRefusedWithTheFieldAndItsBound() throws Exception {
    Command.Result result = apply("spec: {edge: {replicas: -1}}");
    assertThat(result.succeeded()).as(result.describe()).isFalse();
    assertThat(result.stderr()).contains("spec.edge.replicas", "greater than or equal to 0");
  }

  @Test
  void clusterThatCannotRunShowsAConditionAndAnEventWhileOthersAreServed() throws Exception {
    StreamCluster broken = StreamClusters.quick("broken", 1, 1, 100);
    // an image no node has, from a registry on the node's loopback where nothing listens: the pull
    // fails at once, and nothing is asked of a registry beyond the machine
    broken.getSpec().setImage("127.0.0.1:9/streamcluster/media-server:does-not-exist");
    StreamClusters.create(client, ns(), broken);
    StreamClusters.create(client, ns(), StreamClusters.quick("healthy", 1, 2, 100));

    StreamClusters.awaitReady(client, ns(), "healthy", Duration.ofMinutes(3));
    await("the broken StreamCluster reports why it is not Ready")
        .atMost(Duration.ofMinutes(3))
        .until(
            () -> {
              StreamCluster sc = StreamClusters.get(client, ns(), "broken");
              return StreamClusters.condition(sc, StreamClusterStatus.READY)
                  .map(
                      c ->
                          "False".equals(c.getStatus())
                              && c.getReason() != null
                              && c.getMessage() != null)
                  .orElse(false);
            });
    await("a Warning Event about the broken StreamCluster")
        .atMost(Duration.ofMinutes(2))
        .until(
            () ->
                ScalingEvents.about(client, ns(), "broken").stream()
                    .anyMatch(e -> "Warning".equals(e.getType())));

    StreamCluster changed =
        StreamClusters.edit(
            client,
            ns(),
            "healthy",
            sc -> {
              sc.getSpec().getAutoscaling().setMaxEdges(3);
            });
    StreamClusters.awaitReady(client, ns(), "healthy", Duration.ofSeconds(60));
    assertThat(StreamClusters.get(client, ns(), "healthy").getStatus().getObservedGeneration())
        .as("the healthy StreamCluster is still reconciled")
        .isEqualTo(changed.getMetadata().getGeneration());
  }

  private Command.Result apply(String specYaml) throws Exception {
    Path file = Files.createTempFile("e2e-invalid-", ".yaml");
    try {
      Files.writeString(
          file,
          "apiVersion: streamcluster.io/v1alpha1\nkind: StreamCluster\nmetadata: {name: invalid}\n"
              + specYaml
              + "\n");
      return cluster.kubectl().apply(file, ns());
    } finally {
      Files.deleteIfExists(file);
    }
  }
}
