package io.streamcluster.media.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.streamcluster.media.testing.Command;
import io.streamcluster.media.testing.Ffmpeg;
import io.streamcluster.media.testing.MediaServerProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Players on edges that pull from origins, all real processes, with real ffmpeg and ffprobe. */
class OriginEdgePlaybackIT {

  private ClusterFixture cluster;
  private MediaServerProcess origin;
  private final List<Ffmpeg.Running> running = new ArrayList<>();

  @BeforeEach
  void startOrigin() throws Exception {
    cluster = new ClusterFixture();
    origin = cluster.origin();
  }

  @AfterEach
  void stopAll() throws Exception {
    for (Ffmpeg.Running process : running) {
      process.close();
    }
    cluster.close();
  }

  @Test
  void bothEdgesServeTheOriginsStreamOverRtmpAndHttpFlvAndReportTheirPlayers() throws Exception {
    MediaServerProcess a = cluster.edge("edge-a", origin);
    MediaServerProcess b = cluster.edge("edge-b", origin);
    publish(origin, "show");

    for (MediaServerProcess edge : List.of(a, b)) {
      for (String url : List.of(edge.rtmpUrl("show"), edge.flvUrl("show"))) {
        Command.Result play =
            Ffmpeg.run(Duration.ofSeconds(40), Ffmpeg.decodeCommand(url, 3).toArray(String[]::new));
        assertThat(play.succeeded()).as(url + ": " + play.stderr()).isTrue();
      }
    }

    play(a.flvUrl("show"));
    play(a.rtmpUrl("show"));
    play(b.flvUrl("show"));
    await()
        .atMost(Duration.ofSeconds(15))
        .untilAsserted(
            () -> {
              String view = cluster.signedGet(origin, "/api/v1/cluster").body();
              assertThat(subscribersOf(view, "edge-a")).isEqualTo(2);
              assertThat(subscribersOf(view, "edge-b")).isEqualTo(1);
            });
    // One upstream per stream per edge, however many players it has.
    assertThat(metric(origin, "streamcluster_stream_subscribers{stream=\"show\"}")).isEqualTo(2);
    assertThat(metric(a, "streamcluster_subscribers")).isEqualTo(2);
    assertThat(metric(a, "streamcluster_upstreams_active")).isEqualTo(1);
    assertThat(metric(a, "streamcluster_edge_capacity")).isEqualTo(2000);
    assertThat(metric(origin, "streamcluster_cluster_subscribers")).isEqualTo(3);
    assertThat(metric(origin, "streamcluster_cluster_edges{state=\"ready\"}")).isEqualTo(2);
  }

  @Test
  void playersOnTheOtherEdgeKeepPlayingWhenAnEdgeIsKilled() throws Exception {
    MediaServerProcess a = cluster.edge("edge-a", origin);
    MediaServerProcess b = cluster.edge("edge-b", origin);
    publish(origin, "show");
    Ffmpeg.Running survivor = frameReader(a.flvUrl("show"));
    await().atMost(Duration.ofSeconds(20)).until(() -> frames(survivor) > 10);

    ProcessHandle.of(b.pid()).ifPresent(ProcessHandle::destroyForcibly);
    await()
        .atMost(Duration.ofSeconds(6))
        .until(
            () ->
                cluster.signedGet(origin, "/api/v1/cluster").body().contains("\"state\":\"gone\""));

    int before = frames(survivor);
    Thread.sleep(2000);
    assertThat(frames(survivor)).isGreaterThan(before + 20);
    assertThat(survivor.isAlive()).isTrue();
    assertThat(cluster.get(origin, "/cluster").body()).isEqualTo("127.0.0.1:" + a.rtmpPort);
  }

  @Test
  void aDrainingEdgeKeepsItsPlayersLeavesTheRotationAndExitsWhenTheyLeave() throws Exception {
    MediaServerProcess a = cluster.edge("edge-a", origin);
    MediaServerProcess b = cluster.edge("edge-b", origin);
    publish(origin, "show");
    Ffmpeg.Running player = frameReader(b.flvUrl("show"));
    await().atMost(Duration.ofSeconds(20)).until(() -> frames(player) > 10);

    assertThat(cluster.signedPost(origin, "/api/v1/edges/edge-b/drain").statusCode())
        .isEqualTo(200);
    for (int i = 0; i < 3; i++) {
      assertThat(cluster.get(origin, "/cluster").body()).isEqualTo("127.0.0.1:" + a.rtmpPort);
    }
    int before = frames(player);
    Thread.sleep(3000);
    assertThat(frames(player)).as("the draining edge keeps serving").isGreaterThan(before + 30);
    assertThat(b.isAlive()).isTrue();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> cluster.get(b, "/readyz").statusCode() == 503);

    player.close();
    await().atMost(Duration.ofSeconds(10)).until(() -> !b.isAlive());
    assertThat(b.log()).contains("Drained: no players left");
  }

  @Test
  void aStreamOnTheSecondOriginPlaysThroughAnEdgeThatChecksInWithBoth() throws Exception {
    MediaServerProcess second = cluster.origin();
    MediaServerProcess edge = cluster.edge("edge-a", origin, second);
    publish(second, "elsewhere");

    Command.Result probe = Ffmpeg.probeStreams(edge.rtmpUrl("elsewhere"));
    assertThat(probe.stdout()).as(probe.stderr()).contains("codec_name=h264");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> cluster.signedGet(second, "/api/v1/cluster").body().contains("edge-a"));
  }

  @Test
  void aFullEdgeRefusesItsNextPlayerAndLeavesTheRotation() throws Exception {
    MediaServerProcess small = cluster.edgeWithArgs("edge-small", origin, "--max-subscribers", "1");
    publish(origin, "show");
    Ffmpeg.Running first = frameReader(small.flvUrl("show"));
    await().atMost(Duration.ofSeconds(20)).until(() -> frames(first) > 5);

    Command.Result refused =
        Ffmpeg.run(
            Duration.ofSeconds(20),
            Ffmpeg.decodeCommand(small.rtmpUrl("show"), 2).toArray(String[]::new));
    assertThat(refused.succeeded()).isFalse();
    assertThat(small.log()).contains("server full");
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> assertThat(cluster.get(origin, "/cluster").statusCode()).isEqualTo(503));
    assertThat(cluster.get(origin, "/cluster").body()).contains("1 ready (1 full)");
  }

  @Test
  void aPlayerOfAStreamNoOriginHasIsToldItIsNotFound() throws Exception {
    MediaServerProcess edge = cluster.edge("edge-a", origin);

    Command.Result rtmp =
        Ffmpeg.run(
            Duration.ofSeconds(30),
            Ffmpeg.decodeCommand(edge.rtmpUrl("ghost"), 2).toArray(String[]::new));
    assertThat(rtmp.succeeded()).isFalse();
    assertThat(cluster.get(edge, "/live/ghost.flv").statusCode()).isEqualTo(404);
  }

  private void publish(MediaServerProcess to, String stream) throws Exception {
    running.add(Ffmpeg.publish(to.rtmpUrl(stream), 1024, 768));
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> cluster.signedGet(to, "/api/v1/streams/" + stream).statusCode() == 200);
  }

  private void play(String url) throws Exception {
    running.add(Ffmpeg.Running.start(Ffmpeg.copyCommand(url, 600).toArray(String[]::new)));
  }

  /** A player that prints one line per decoded video frame. */
  private Ffmpeg.Running frameReader(String url) throws Exception {
    Ffmpeg.Running reader = Ffmpeg.videoReader(url, "packet=pts_time");
    running.add(reader);
    return reader;
  }

  private static int frames(Ffmpeg.Running reader) throws Exception {
    return (int) reader.printed().lines().filter(l -> !l.isBlank()).count();
  }

  private static int subscribersOf(String clusterView, String edgeId) {
    Matcher matcher =
        Pattern.compile("\"id\":\"" + edgeId + "\"[^}]*?\"subscribers\":(\\d+)")
            .matcher(clusterView);
    return matcher.find() ? Integer.parseInt(matcher.group(1)) : -1;
  }

  private double metric(MediaServerProcess server, String name) throws Exception {
    for (String line : cluster.internal(server, "/metrics").body().split("\n")) {
      if (line.startsWith(name + " ")) {
        return Double.parseDouble(line.substring(name.length() + 1).trim());
      }
    }
    return -1;
  }
}
