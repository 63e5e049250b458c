package io.streamcluster.e2e.scenarios;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.streamcluster.api.v1alpha1.StreamCluster;
import io.streamcluster.e2e.cluster.HostEndpoint;
import io.streamcluster.media.testing.Browser;
import io.streamcluster.media.testing.Command;
import io.streamcluster.media.testing.Ffmpeg;
import io.streamcluster.media.testing.HlsClient;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Scenario 12: HLS through the origin Service's one public URL. A player asking the origin for
 * {@code index.m3u8} is sent to an edge and decodes the stream, and Chromium opening the origin's
 * {@code /play/<stream>} page ends up on an edge's page and plays; HLS viewers, who hold no
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

    timeline.step(
        "Chromium plays the web player through the origin's /play/phone",
        () -> {
          try (Browser browser = Browser.start()) {
            browser.open(originHttp.httpUrl("/play/phone"));
            URI page = URI.create(browser.currentUrl());
            assertThat(page.getHost()).as("the page is an edge's").isNotEqualTo(originHttp.host());
            assertThat(page.getPath()).isEqualTo("/play/phone");
            await("the page plays")
                .atMost(Duration.ofSeconds(60))
                .until(() -> currentTime(browser) > 2);
            assertThat(browser.eval("window.streamclusterPlayer.errors").toString())
                .isEqualTo("[]");
          }
        });

    // the probe's, the decoder's and the browser's sessions count until they expire; the players
    // below are
    // counted alone, so that the edges' caps decide where they go
    await("the probe's and the decoder's HLS sessions expired")
        .atMost(Duration.ofSeconds(45))
        .until(() -> origin.cluster().path("subscribers").asInt() == 0);

    List<LivePlayer> players = new ArrayList<>();
    for (int i = 0; i < 4; i++) { // target 2 and cap 4 per edge: the first edge full, 2 wanted
      players.add(closeAfter(LivePlayer.hls(index)));
    }
    timeline.step(
        "4 HLS players -> 2 edges Ready",
        () -> awaitEdgesCheckedIn(origin, 2, Duration.ofSeconds(120)));
    for (int i = 0; i < 2; i++) { // the first edge is full: these go to the new one, 3 wanted
      players.add(closeAfter(LivePlayer.hls(index)));
    }
    timeline.step(
        "6 HLS players -> 3 edges Ready",
        () -> awaitEdgesCheckedIn(origin, 3, Duration.ofSeconds(120)));
    assertThat(origin.cluster().path("subscribers").asInt())
        .as("the HLS sessions are the cluster's subscribers")
        .isGreaterThanOrEqualTo(6);
    assertThat(players).allMatch(LivePlayer::connected, "every HLS player still playing");
  }

  private static double currentTime(Browser browser) {
    Object value = browser.eval("window.streamclusterPlayer.currentTime");
    return value instanceof Number n ? n.doubleValue() : 0;
  }

  private void awaitEdgesCheckedIn(OriginApi origin, int edges, Duration atMost) {
    await(edges + " edges Ready and checked in, scaled on HLS sessions")
        .atMost(atMost)
        .until(
            () ->
                StreamClusters.readyEdgePods(client, ns(), "hls").size() >= edges
                    && origin.readyEdgeAddresses().size() >= edges);
  }
}
