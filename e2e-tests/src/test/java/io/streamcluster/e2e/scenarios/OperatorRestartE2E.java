package io.streamcluster.e2e.scenarios;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.streamcluster.api.v1alpha1.StreamCluster;
import io.streamcluster.media.testing.Ffmpeg;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Scenario 7: the operator pod deleted: every player keeps receiving, the edges are not scaled to
 * zero, a new operator takes the leader lease and reconciles.
 */
@Order(7)
class OperatorRestartE2E extends Scenario {

  @Test
  void playersAndEdgesRideOutAnOperatorRestart() throws Exception {
    StreamClusters.create(client, ns(), StreamClusters.quick("restart", 2, 3, 100));
    StreamClusters.awaitReady(client, ns(), "restart", Duration.ofMinutes(3));
    OriginApi origin = originApi("restart");
    closeAfter(Ffmpeg.publish(originRtmp("restart").rtmpUrl("live", "r"), 640, 360, 600));
    await("both edges checked in with the origin")
        .atMost(Duration.ofSeconds(60))
        .until(() -> origin.readyEdgeAddresses().size() == 2);
    List<LivePlayer> players =
        List.of(
            playOn("restart", origin.nextEdge(), "r"), playOn("restart", origin.nextEdge(), "r"));

    List<Pod> before = operatorPods();
    assertThat(before).isNotEmpty();
    List<String> beforeNames = before.stream().map(p -> p.getMetadata().getName()).toList();
    before.forEach(p -> client.pods().resource(p).delete());

    AtomicInteger fewestEdges = new AtomicInteger(Integer.MAX_VALUE);
    timeline.step(
        "operator pod deleted -> new operator Ready",
        () ->
            await("a new operator pod is Ready")
                .atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(500))
                .until(
                    () -> {
                      fewestEdges.accumulateAndGet(
                          StreamClusters.readyEdgePods(client, ns(), "restart").size(), Math::min);
                      return operatorPods().stream()
                          .anyMatch(
                              p -> !beforeNames.contains(p.getMetadata().getName()) && podReady(p));
                    }));
    String newLeader =
        operatorPods().stream()
            .filter(p -> !beforeNames.contains(p.getMetadata().getName()) && podReady(p))
            .findFirst()
            .orElseThrow()
            .getMetadata()
            .getName();
    await("the new operator holds the leader lease")
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                client
                    .leases()
                    .inNamespace(OperatorInstallation.NAMESPACE)
                    .list()
                    .getItems()
                    .stream()
                    .map(Lease::getSpec)
                    .anyMatch(
                        s ->
                            s.getHolderIdentity() != null
                                && s.getHolderIdentity().contains(newLeader)));

    StreamCluster changed =
        StreamClusters.edit(
            client,
            ns(),
            "restart",
            sc -> {
              sc.getSpec().getAutoscaling().setMaxEdges(4);
            });
    StreamClusters.awaitReady(client, ns(), "restart", Duration.ofSeconds(60));
    assertThat(StreamClusters.get(client, ns(), "restart").getStatus().getObservedGeneration())
        .isEqualTo(changed.getMetadata().getGeneration());
    assertThat(fewestEdges.get())
        .as("ready edges while the operator was away")
        .isGreaterThanOrEqualTo(2);
    assertThat(players).allMatch(LivePlayer::connected, "every player still receiving");
  }

  private List<Pod> operatorPods() {
    return client
        .pods()
        .inNamespace(OperatorInstallation.NAMESPACE)
        .withLabel(OperatorInstallation.NAME_LABEL, "streamcluster-operator")
        .list()
        .getItems()
        .stream()
        .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
        .toList();
  }

  private boolean podReady(Pod pod) {
    return pod.getStatus().getConditions().stream()
        .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }
}
