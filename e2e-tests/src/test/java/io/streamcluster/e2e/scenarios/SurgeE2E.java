package io.streamcluster.e2e.scenarios;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.streamcluster.api.v1alpha1.StreamCluster;
import io.streamcluster.media.testing.Ffmpeg;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Scenario 4: more players than the per-edge target make the edges rise within one sync period
 * (plus pod start); the new edges check in and receive players; the decision is an Event.
 */
@Order(4)
class SurgeE2E extends Scenario {

  @Test
  void edgesRiseWithTheLoadAndNewEdgesTakePlayers() throws Exception {
    StreamCluster sc = StreamClusters.quick("surge", 1, 4, 3);
    sc.getSpec().getEdge().setMaxSubscribers(12);
    StreamClusters.create(client, ns(), sc);
    StreamClusters.awaitReady(client, ns(), "surge", Duration.ofMinutes(3));
    OriginApi origin = originApi("surge");
    closeAfter(Ffmpeg.publish(originRtmp("surge").rtmpUrl("live", "surge"), 640, 360, 600));

    await("the first edge checked in with the origin")
        .atMost(Duration.ofSeconds(60))
        .until(() -> !origin.readyEdgeAddresses().isEmpty());
    String firstEdge = origin.nextEdge();
    List<LivePlayer> players = new ArrayList<>();
    for (int i = 0; i < 9; i++) { // 9 players, target 3 per edge: 3 edges wanted
      players.add(playOn("surge", origin.nextEdge(), "surge"));
    }
    timeline.step(
        "9 players -> 3 edges Ready",
        () ->
            await("edges scaled up to 3")
                .atMost(Duration.ofSeconds(120))
                .until(() -> StreamClusters.readyEdgePods(client, ns(), "surge").size() >= 3));
    await("new edges checked in")
        .atMost(Duration.ofSeconds(30))
        .until(() -> origin.readyEdgeAddresses().size() >= 3);

    List<String> handedOut = origin.nextEdges(6);
    assertThat(handedOut)
        .as("new players go to the new edges too")
        .anyMatch(e -> !e.equals(firstEdge));
    for (String edge : handedOut) {
      players.add(playOn("surge", edge, "surge"));
    }
    Thread.sleep(5_000);
    assertThat(players).allMatch(LivePlayer::connected, "every player still connected");
    assertThat(ScalingEvents.scalingDecisions(client, ns(), "surge"))
        .as("the scale-up decision as a Kubernetes Event")
        .isNotEmpty();
  }
}
