package io.streamcluster.media.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.streamcluster.media.testing.Ffmpeg;
import io.streamcluster.media.testing.MediaServerProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The origin's control plane with real edge processes checking in. */
class ClusterIT {

  private ClusterFixture cluster;
  private MediaServerProcess origin;

  @BeforeEach
  void startOrigin() throws Exception {
    cluster = new ClusterFixture();
    origin = cluster.origin();
  }

  @AfterEach
  void stopAll() throws Exception {
    cluster.close();
  }

  @Test
  void clusterHandsOutTheTwoEdgesRoundRobin() throws Exception {
    MediaServerProcess a = cluster.edge("edge-a", origin);
    MediaServerProcess b = cluster.edge("edge-b", origin);
    awaitReadyEdges(2);

    List<String> answers = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      HttpResponse<String> response = cluster.get(origin, "/cluster");
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.headers().firstValue("content-type"))
          .hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
      answers.add(response.body());
    }
    String addressA = "127.0.0.1:" + a.rtmpPort;
    String addressB = "127.0.0.1:" + b.rtmpPort;
    assertThat(answers).containsOnly(addressA, addressB);
    assertThat(answers.get(0)).isNotEqualTo(answers.get(1));
    assertThat(answers.get(1)).isNotEqualTo(answers.get(2));
    // The origin lists an edge as soon as it took the check-in; the edge learns so from the reply.
    for (MediaServerProcess edge : List.of(a, b)) {
      await()
          .atMost(Duration.ofSeconds(5))
          .untilAsserted(
              () ->
                  assertThat(cluster.get(edge, "/readyz").statusCode())
                      .as("a checked-in edge")
                      .isEqualTo(200));
    }
  }

  @Test
  void edgesNextAnswersWithReadyMadePlayUrls() throws Exception {
    MediaServerProcess a = cluster.edge("edge-a", origin);
    awaitReadyEdges(1);

    HttpResponse<String> response =
        cluster.get(origin, "/api/v1/edges/next?stream=cam&policy=least-loaded");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body())
        .contains("\"id\":\"edge-a\"")
        .contains("\"rtmpUrl\":\"rtmp://127.0.0.1:" + a.rtmpPort + "/live/cam\"")
        .contains("\"flvUrl\":\"http://127.0.0.1:" + a.httpPort + "/live/cam.flv\"");
    assertThat(cluster.get(origin, "/api/v1/edges/next?policy=random").statusCode()).isEqualTo(400);
  }

  @Test
  void withNoReadyEdgeClusterAnswers503WithAReason() throws Exception {
    HttpResponse<String> response = cluster.get(origin, "/cluster");

    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.body()).contains("no edge has checked in");
  }

  @Test
  void aKilledEdgeLeavesTheRotationWithinTheTtl() throws Exception {
    MediaServerProcess a = cluster.edge("edge-a", origin);
    MediaServerProcess b = cluster.edge("edge-b", origin);
    awaitReadyEdges(2);

    ProcessHandle.of(b.pid()).ifPresent(ProcessHandle::destroyForcibly);

    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () ->
                assertThat(clusterView())
                    .contains("\"id\":\"edge-b\"")
                    .containsPattern("\"id\":\"edge-b\"[^}]*\"state\":\"gone\""));
    for (int i = 0; i < 3; i++) {
      assertThat(cluster.get(origin, "/cluster").body()).isEqualTo("127.0.0.1:" + a.rtmpPort);
    }
  }

  @Test
  void aCheckInWithAWrongSecretIsRefusedAndTheEdgeNeverEntersTheRotation() throws Exception {
    Path wrong = Files.createTempFile("wrong-secret", "");
    Files.writeString(wrong, "not-the-cluster-secret-at-all");
    try {
      MediaServerProcess intruder = cluster.edgeWithSecret("intruder", wrong, origin);
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> intruder.log().contains("wrong cluster secret"));

      assertThat(clusterView()).doesNotContain("intruder");
      HttpResponse<String> readiness = cluster.get(intruder, "/readyz");
      assertThat(readiness.statusCode()).isEqualTo(503);
      assertThat(readiness.body()).contains("not checked in with any origin yet");
      assertThat(cluster.get(origin, "/cluster").statusCode()).isEqualTo(503);
      assertThat(origin.log())
          .contains("wrong cluster signature")
          .doesNotContain(ClusterFixture.SECRET);
      HttpResponse<String> unsigned =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(origin.internalUrl("/api/v1/edges/x/checkin")))
                      .POST(HttpRequest.BodyPublishers.ofString("{}"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(unsigned.statusCode()).isEqualTo(401);
      assertThat(cluster.internal(origin, "/api/v1/cluster").statusCode()).isEqualTo(401);
    } finally {
      Files.deleteIfExists(wrong);
    }
  }

  @Test
  void aDrainedEdgeLeavesTheRotationAndExitsOnceItHasNoPlayers() throws Exception {
    MediaServerProcess a = cluster.edge("edge-a", origin);
    MediaServerProcess b = cluster.edge("edge-b", origin);
    awaitReadyEdges(2);

    assertThat(cluster.signedPost(origin, "/api/v1/edges/edge-b/drain").statusCode())
        .isEqualTo(200);
    assertThat(cluster.signedPost(origin, "/api/v1/edges/nobody/drain").statusCode())
        .isEqualTo(404);

    for (int i = 0; i < 3; i++) {
      assertThat(cluster.get(origin, "/cluster").body()).isEqualTo("127.0.0.1:" + a.rtmpPort);
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> !b.isAlive());
    assertThat(b.log()).contains("asked this edge to drain").contains("Drained: no players left");
  }

  @Test
  void theSameStreamNameCannotBePublishedOnTwoOrigins() throws Exception {
    MediaServerProcess second = cluster.origin("--peers", origin.internalAddress());
    try (Ffmpeg.Running first = Ffmpeg.publish(origin.rtmpUrl("unique"), 640, 480)) {
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> cluster.signedGet(origin, "/api/v1/streams/unique").statusCode() == 200);
      try (Ffmpeg.Running duplicate = Ffmpeg.publish(second.rtmpUrl("unique"), 640, 480)) {
        await().atMost(Duration.ofSeconds(20)).until(() -> !duplicate.isAlive());
      }
      assertThat(second.log()).contains("already live on origin " + origin.internalAddress());
      assertThat(first.isAlive()).isTrue();
    }
  }

  @Test
  void aReplayedCheckInIsRefused() throws Exception {
    String path = "/api/v1/edges/edge-r/checkin";
    String body =
        "{\"id\":\"edge-r\",\"host\":\"127.0.0.1\",\"rtmpPort\":1935,\"httpPort\":5080,"
            + "\"state\":\"ready\",\"subscribers\":0,\"capacity\":10,\"streams\":{},"
            + "\"bytesOut\":0}";
    HttpRequest recorded =
        HttpRequest.newBuilder(URI.create(origin.internalUrl(path)))
            .header(
                "Authorization",
                cluster.secret.sign("POST", path, body.getBytes(StandardCharsets.UTF_8)))
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    HttpClient http = HttpClient.newHttpClient();

    assertThat(http.send(recorded, HttpResponse.BodyHandlers.ofString()).statusCode())
        .isEqualTo(200);
    HttpResponse<String> replayed = http.send(recorded, HttpResponse.BodyHandlers.ofString());

    assertThat(replayed.statusCode()).isEqualTo(401);
    assertThat(replayed.body()).contains("replayed cluster call");
    assertThat(origin.log()).contains("replayed cluster call");
  }

  @Test
  void theClusterApiAndMetricsAreServedOnTheInternalPortAndNotOnThePublicOne() throws Exception {
    MediaServerProcess edge = cluster.edge("edge-a", origin);
    awaitReadyEdges(1);

    for (String path :
        List.of(
            "/api/v1/cluster", "/api/v1/streams/cam", "/api/v1/edges/edge-a/drain", "/metrics")) {
      assertThat(cluster.get(origin, path).statusCode()).as("public " + path).isEqualTo(404);
    }
    assertThat(cluster.signedGet(origin, "/api/v1/cluster").statusCode()).isEqualTo(200);
    assertThat(cluster.signedGet(origin, "/api/v1/streams/cam").statusCode()).isEqualTo(404);
    assertThat(cluster.internal(origin, "/metrics").body()).contains("streamcluster_cluster_edges");
    assertThat(cluster.get(edge, "/api/v1/edge").statusCode()).isEqualTo(404);
    assertThat(cluster.get(edge, "/metrics").statusCode()).isEqualTo(404);
    assertThat(cluster.internal(edge, "/api/v1/edge").body()).contains("\"id\":\"edge-a\"");
    assertThat(cluster.internal(edge, "/metrics").body()).contains("streamcluster_edge_capacity");
    // what players call stays public
    assertThat(cluster.get(origin, "/cluster").statusCode()).isEqualTo(200);
    assertThat(cluster.get(origin, "/api/v1/edges/next").statusCode()).isEqualTo(200);
  }

  private String clusterView() throws Exception {
    HttpResponse<String> response = cluster.signedGet(origin, "/api/v1/cluster");
    assertThat(response.statusCode()).isEqualTo(200);
    return response.body();
  }

  private void awaitReadyEdges(int count) {
    await()
        .atMost(Duration.ofSeconds(15))
        .until(() -> clusterView().contains("\"edgesReady\":" + count));
  }
}
