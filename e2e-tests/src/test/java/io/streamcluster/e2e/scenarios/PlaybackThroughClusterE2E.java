package io.streamcluster.e2e.scenarios;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.streamcluster.api.v1alpha1.AutoscalingSpec;
import io.streamcluster.api.v1alpha1.StreamCluster;
import io.streamcluster.media.testing.Ffmpeg;
import io.streamcluster.media.testing.Player;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Scenario 3: ffmpeg publishes to the origin Service; players that ask {@code /cluster} first
 * decode the stream's frames from the edge they were given.
 */
@Order(3)
class PlaybackThroughClusterE2E extends Scenario {

  @Test
  void playersSentByClusterDecodeThePublishedStreamFromTheirEdge() throws Exception {
    StreamCluster sc = StreamClusters.quick("play", 2, 2, 100);
    sc.getSpec().getAutoscaling().setMode(AutoscalingSpec.Mode.Off);
    StreamClusters.create(client, ns(), sc);
    StreamClusters.awaitReady(client, ns(), "play", Duration.ofMinutes(3));
    OriginApi origin = originApi("play");
    // pods Ready is not yet checked in: an edge checks in with the origin after it starts
    await("both edges checked in with the origin")
        .atMost(Duration.ofSeconds(60))
        .until(() -> origin.readyEdgeAddresses().size() >= 2);

    Set<String> edgesUsed = new HashSet<>();
    try (Ffmpeg.Running publisher =
        Ffmpeg.publish(originRtmp("play").rtmpUrl("live", "launch"), 1024, 768, 1500)) {
      for (int player = 0; player < 4; player++) {
        String edge = origin.nextEdge();
        edgesUsed.add(edge);
        Player.Playback playback =
            timeline.measure(
                "player via /cluster -> 50 frames",
                () ->
                    Player.play(
                        "rtmp://" + reachEdge("play", edge) + "/live/launch",
                        50,
                        Duration.ofSeconds(45)));
        assertThat(playback.framesOfSize(1024, 768))
            .as(
                "frames decoded from %s; publisher: %s; player: %s",
                edge, publisher.printed(), playback.printed())
            .isGreaterThanOrEqualTo(50);
      }
    }
    assertThat(edgesUsed).as("players spread over both edges").hasSize(2);
  }
}
