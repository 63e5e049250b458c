package io.streamcluster.media.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamcluster.media.clusterapi.ClusterJson;
import io.streamcluster.media.testing.Command;
import io.streamcluster.media.testing.Ffmpeg;
import io.streamcluster.media.testing.HlsClient;
import io.streamcluster.media.testing.MediaServerProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * HLS through a cluster: an edge behind an origin packages what it pulls, the origin sends browsers
 * and players to the edge, and the edge counts its HLS sessions as subscribers.
 */
class ClusterHlsIT {

  private static ClusterFixture cluster;
  private static MediaServerProcess origin;
  private static MediaServerProcess edge;
  private static Ffmpeg.Running publisher;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void startCluster() throws Exception {
    cluster = new ClusterFixture();
    origin = cluster.origin();
    edge = cluster.edgeWithArgs("hls-edge", origin, "--max-subscribers", "3");
    publisher = Ffmpeg.publish(origin.rtmpUrl("cam"), 640, 360, 800);
    await("the edge is in the rotation")
        .atMost(Duration.ofSeconds(20))
        .until(() -> cluster.get(origin, "/cluster").statusCode() == 200);
  }

  @AfterAll
  static void stop() throws Exception {
    if (publisher != null) {
      publisher.close();
    }
    cluster.close();
  }

  @Test
  void ffmpegDecodesHlsFromTheEdgeAndThroughTheOriginsUrl() {
    for (MediaServerProcess server : List.of(edge, origin)) {
      String url = server.httpUrl("/live/cam/index.m3u8");
      Command.Result play =
          Ffmpeg.run(Duration.ofSeconds(60), Ffmpeg.decodeCommand(url, 4).toArray(String[]::new));
      assertThat(play.succeeded()).as(url + ": " + play.stderr()).isTrue();
      assertThat(play.stderr()).as(url).isBlank();
    }
  }

  @Test
  void theOriginSendsPlaylistAndPageRequestsToTheEdge() throws Exception {
    String edgeBase = "http://127.0.0.1:" + edge.httpPort;
    for (String path : List.of("/live/cam/index.m3u8?token=t", "/play/cam")) {
      HttpResponse<String> answer = cluster.get(origin, path);
      assertThat(answer.statusCode()).as(path).isEqualTo(302);
      assertThat(answer.headers().firstValue("location")).as(path).hasValue(edgeBase + path);
    }
    JsonNode next =
        ClusterJson.MAPPER.readTree(cluster.get(origin, "/api/v1/edges/next?stream=cam").body());
    assertThat(next.get("hlsUrl").asText()).isEqualTo(edgeBase + "/live/cam/index.m3u8");
    assertThat(next.get("playerUrl").asText()).isEqualTo(edgeBase + "/play/cam");

    // Each answer above counted as a player on its way to the edge, and this edge takes three; none
    // of them connected, so the origin forgets them a TTL after the last one: wait for that.
    Thread.sleep(
        ClusterFixture.EDGE_TTL_SECONDS * 1000L + 2 * ClusterFixture.CHECK_IN_INTERVAL_MILLIS);
    HlsClient player = new HlsClient(origin.httpUrl("/live/cam/index.m3u8"));
    assertThat(player.mediaUri().getPort())
        .as("the media playlist is the edge's")
        .isEqualTo(edge.httpPort);
    assertThat(player.media().segments()).isNotEmpty();
  }

  @Test
  void hlsSessionsAreTheEdgesSubscribersUntilTheyStopAndFullEdgesRefuseMore() throws Exception {
    List<Ffmpeg.Running> players = new ArrayList<>();
    try {
      for (int i = 0; i < 3; i++) {
        players.add(
            Ffmpeg.Running.start(Ffmpeg.copyCommand(edge.httpUrl("/live/cam/index.m3u8"), 120)));
      }
      await("three HLS sessions are the edge's subscribers")
          .atMost(Duration.ofSeconds(30))
          .until(() -> edgeLoad().get("subscribers").asInt() == 3);
      assertThat(edgeLoad().get("streams").get("cam").asInt()).isEqualTo(3);
      assertThat(Metrics.gauge(edge, "streamcluster_subscribers")).isEqualTo(3);
      HttpResponse<String> refused =
          http.send(
              HttpRequest.newBuilder(URI.create(edge.httpUrl("/live/cam/index.m3u8"))).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(refused.statusCode()).as("a fourth player, over --max-subscribers").isEqualTo(503);
      await("the origin hears of them in the check-ins")
          .atMost(Duration.ofSeconds(10))
          .until(() -> Metrics.gauge(origin, "streamcluster_cluster_subscribers") == 3);
    } finally {
      for (Ffmpeg.Running player : players) {
        player.close();
      }
    }
    await("the sessions left")
        .atMost(Duration.ofSeconds(20))
        .until(() -> edgeLoad().get("subscribers").asInt() == 0);
    // the other tests need the edge in the origin's rotation again, which the check-ins bring
    await("the origin hears that they left")
        .atMost(Duration.ofSeconds(10))
        .until(() -> Metrics.gauge(origin, "streamcluster_cluster_subscribers") == 0);
  }

  private JsonNode edgeLoad() throws Exception {
    return ClusterJson.MAPPER.readTree(cluster.internal(edge, "/api/v1/edge").body());
  }
}
