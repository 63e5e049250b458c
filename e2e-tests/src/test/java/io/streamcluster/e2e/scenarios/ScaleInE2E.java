package io.streamcluster.e2e.scenarios;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamcluster.api.v1alpha1.StreamCluster;
import io.streamcluster.media.testing.Ffmpeg;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Scenario 5: when players leave, edges are drained and removed after the stabilization window;
 * nobody on a remaining edge is cut off, and nobody on a draining edge before its drain timeout.
 */
@Order(5)
class ScaleInE2E extends Scenario {

  private static final int DRAIN_SECONDS = 30;

  @Test
  void edgesDrainBeforeTheyGoAndCutNobodyOffEarly() throws Exception {
    StreamCluster sc = StreamClusters.quick("scalein", 1, 3, 2);
    sc.getSpec().getEdge().setMaxSubscribers(10);
    sc.getSpec().getAutoscaling().setDrainTimeoutSeconds(DRAIN_SECONDS);
    StreamClusters.create(client, ns(), sc);
    StreamClusters.awaitReady(client, ns(), "scalein", Duration.ofMinutes(3));
    OriginApi origin = originApi("scalein");
    closeAfter(Ffmpeg.publish(originRtmp("scalein").rtmpUrl("live", "s"), 640, 360, 600));
    await("the first edge checked in with the origin")
        .atMost(Duration.ofSeconds(60))
        .until(() -> !origin.readyEdgeAddresses().isEmpty());

    List<LivePlayer> leaving = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      leaving.add(playOn("scalein", origin.nextEdge(), "s"));
    }
    await("edges scaled up to 3")
        .atMost(Duration.ofSeconds(120))
        .until(() -> StreamClusters.readyEdgePods(client, ns(), "scalein").size() >= 3);
    await().atMost(Duration.ofSeconds(30)).until(() -> origin.readyEdgeAddresses().size() >= 3);
    List<LivePlayer> staying = new ArrayList<>();
    for (String edge : origin.nextEdges(2)) {
      staying.add(playOn("scalein", edge, "s"));
    }
    for (LivePlayer player : leaving) {
      player.close();
    }

    Instant[] firstDrain = new Instant[1];
    timeline.step(
        "players leave -> edges back to 1",
        () ->
            await("scaled in to one edge")
                .atMost(Duration.ofSeconds(180))
                .pollInterval(Duration.ofSeconds(1))
                .until(
                    () -> {
                      for (JsonNode edge : origin.cluster().path("edges")) {
                        if (firstDrain[0] == null
                            && "draining".equals(edge.path("state").asText())) {
                          firstDrain[0] = Instant.now();
                        }
                      }
                      return StreamClusters.edgePods(client, ns(), "scalein").size() == 1;
                    }));
    assertThat(firstDrain[0]).as("an edge was seen draining before it went").isNotNull();
    long disconnects = staying.stream().filter(p -> !p.connected()).count();
    timeline.note(
        "scale-in: " + disconnects + " of " + staying.size() + " staying players disconnected");
    for (LivePlayer player : staying) {
      if (!player.connected()) {
        assertThat(Duration.between(firstDrain[0], player.cutOffAt()))
            .as("a player on a draining edge is kept for the drain timeout")
            .isGreaterThanOrEqualTo(Duration.ofSeconds(DRAIN_SECONDS - 1));
      }
    }
    String remaining =
        StreamClusters.edgePods(client, ns(), "scalein").get(0).getStatus().getPodIP();
    assertThat(staying)
        .filteredOn(p -> p.edge().startsWith(remaining + ":"))
        .allMatch(LivePlayer::connected, "players on the remaining edge still connected");
  }
}
