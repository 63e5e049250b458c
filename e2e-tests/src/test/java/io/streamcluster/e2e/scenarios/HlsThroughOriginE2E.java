package io.streamcluster.e2e.scenarios;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.streamcluster.api.v1alpha1.StreamCluster;
import io.streamcluster.e2e.cluster.HostEndpoint;
import io.streamcluster.media.testing.Command;
import io.streamcluster.media.testing.Ffmpeg;
import io.streamcluster.media.testing.HlsClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Scenario 12: HLS through the origin Service's one public URL. A player asking the origin for
 * {@code index.m3u8} is sent to an edge and decodes the stream; HLS viewers, who hold no
 * connection, count as the edges' subscribers, and their number makes the edges scale out as RTMP
 * players' does.
 */
@Order(12)
class HlsThroughOriginE2E extends Scenario {

  @Test
  void hlsPlayersThroughTheOriginPlayFromEdgesAndScaleThemOut() throws Exception {
    StreamCluster sc = StreamClusters.quick("hls", 1, 3, 2);
    StreamClusters.create(client, ns(), sc);
    StreamClusters.awaitReady(client, ns(), "hls", Duration.ofMinutes(3));
    OriginApi origin = originApi("hls");
    closeAfter(Ffmpeg.publish(originRtmp("hls").rtmpUrl("live", "phone"), 640, 360, 600));
    await("the first edge checked in with the origin")
        .atMost(Duration.ofSeconds(60))
        .until(() -> !origin.readyEdgeAddresses().isEmpty());
    HostEndpoint originHttp =
        closeAfter(cluster.reach(StreamClusters.originService(client, ns(), "hls"), HTTP))
            .awaitAcceptingConnections(Duration.ofSeconds(30));
    String index = originHttp.httpUrl("/live/phone/index.m3u8");

    HlsClient probe = new HlsClient(index);
    assertThat(probe.mediaUri().getPort())
        .as("the origin sent the player to an edge (port %d)", HTTP)
        .isEqualTo(HTTP);
    assertThat(probe.mediaUri().getHost()).isNotEqualTo(originHttp.host());
    timeline.step(
        "ffmpeg decodes HLS through the origin's URL",
        () -> {
          Command.Result decoded =
              Ffmpeg.run(
                  Duration.ofSeconds(90), Ffmpeg.decodeCommand(index, 4).toArray(String[]::new));
          assertThat(decoded.succeeded()).as(decoded.stderr()).isTrue();
          assertThat(decoded.stderr()).as("decoder errors").isBlank();
        });

    List<LivePlayer> players = new ArrayList<>();
    for (int i = 0; i < 5; i++) { // target 2 per edge: 3 edges wanted
      players.add(closeAfter(LivePlayer.hls(index)));
    }
    timeline.step(
        "5 HLS players -> 3 edges Ready",
        () ->
            await("edges scaled out on HLS sessions")
                .atMost(Duration.ofSeconds(150))
                .until(() -> StreamClusters.readyEdgePods(client, ns(), "hls").size() >= 3));
    assertThat(origin.cluster().path("subscribers").asInt())
        .as("the HLS sessions are the cluster's subscribers")
        .isGreaterThanOrEqualTo(5);
    assertThat(players).allMatch(LivePlayer::connected, "every HLS player still playing");
  }
}
