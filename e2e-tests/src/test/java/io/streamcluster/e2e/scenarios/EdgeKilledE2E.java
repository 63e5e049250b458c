package io.streamcluster.e2e.scenarios;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.streamcluster.api.v1alpha1.AutoscalingSpec;
import io.streamcluster.api.v1alpha1.StreamCluster;
import io.streamcluster.media.testing.Ffmpeg;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Scenario 6: an edge pod killed without grace: players elsewhere keep receiving, {@code /cluster}
 * stops handing out the dead edge within the check-in timeout, the replacement checks in.
 */
@Order(6)
class EdgeKilledE2E extends Scenario {

  private static final Duration CHECK_IN_TIMEOUT = Duration.ofSeconds(30);

  @Test
  void deadEdgeLeavesRotationAndItsReplacementChecksIn() throws Exception {
    StreamCluster sc = StreamClusters.quick("kill", 2, 2, 100);
    sc.getSpec().getAutoscaling().setMode(AutoscalingSpec.Mode.Off);
    StreamClusters.create(client, ns(), sc);
    StreamClusters.awaitReady(client, ns(), "kill", Duration.ofMinutes(3));
    OriginApi origin = originApi("kill");
    closeAfter(Ffmpeg.publish(originRtmp("kill").rtmpUrl("live", "k"), 640, 360, 600));
    await().atMost(Duration.ofSeconds(60)).until(() -> origin.readyEdgeAddresses().size() == 2);

    List<String> edges = new ArrayList<>(new LinkedHashSet<>(origin.nextEdges(2)));
    assertThat(edges).hasSize(2);
    String dead = edges.get(0);
    String survivor = edges.get(1);
    List<LivePlayer> survivors =
        List.of(playOn("kill", survivor, "k"), playOn("kill", survivor, "k"));
    playOn("kill", dead, "k");
    Thread.sleep(3_000);

    Pod victim =
        StreamClusters.edgePods(client, ns(), "kill").stream()
            .filter(p -> dead.startsWith(p.getStatus().getPodIP() + ":"))
            .findFirst()
            .orElseThrow();
    client.pods().resource(victim).withGracePeriod(0).delete();

    timeline.step(
        "edge killed -> out of /cluster",
        () ->
            await("the dead edge leaves the rotation")
                .atMost(CHECK_IN_TIMEOUT.plusSeconds(5))
                .until(() -> !origin.nextEdges(4).contains(dead)));
    timeline.step(
        "edge killed -> replacement checked in",
        () ->
            await("a replacement edge checks in")
                .atMost(Duration.ofSeconds(120))
                .until(
                    () -> {
                      List<String> ready = origin.readyEdgeAddresses();
                      return ready.size() == 2 && !ready.contains(dead);
                    }));
    assertThat(survivors)
        .allMatch(LivePlayer::connected, "players on the other edge still receive");
  }
}
