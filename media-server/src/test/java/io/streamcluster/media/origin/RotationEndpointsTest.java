package io.streamcluster.media.origin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.streamcluster.media.MediaServer;
import io.streamcluster.media.MediaServerConfig;
import io.streamcluster.media.Role;
import io.streamcluster.media.clusterapi.CheckIn;
import io.streamcluster.media.clusterapi.ClusterApiClient;
import io.streamcluster.media.clusterapi.ClusterApiPaths;
import io.streamcluster.media.clusterapi.ClusterSecret;
import io.streamcluster.media.clusterapi.EdgeState;
import io.streamcluster.media.clusterapi.RotationAdvice;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /cluster} and {@code /api/v1/edges/next} when every edge is full, on a real origin on
 * loopback: a 503 with a {@code Retry-After} clients can honour, a viewer held while edges are on
 * their way and answered with the first that checks in, refusals counted, and the scaling loop's
 * signed advice.
 */
class RotationEndpointsTest {

  private final ClusterSecret secret =
      new ClusterSecret(
          "rotation-test-cluster-secret".getBytes(StandardCharsets.UTF_8), Clock.systemUTC());
  private final ClusterApiClient api =
      new ClusterApiClient(Duration.ofSeconds(5)).signedWith(secret);
  private final HttpClient http = HttpClient.newHttpClient();
  private MediaServer server;

  /** The origin's internal port: the cluster API, metrics. */
  private URI origin;

  /** The origin's public port: {@code /cluster}, {@code /api/v1/edges/next}. */
  private URI players;

  @BeforeEach
  void startOrigin() throws Exception {
    server =
        new MediaServer(
                MediaServerConfig.builder(Role.ORIGIN)
                    .bind("127.0.0.1")
                    .rtmpPort(0)
                    .httpPort(0)
                    .internalPort(0)
                    .eventLoopThreads(2)
                    .clusterSecret(secret)
                    .build())
            .start();
    origin = ClusterApiClient.origin("127.0.0.1:" + server.internalPort());
    players = ClusterApiClient.origin("127.0.0.1:" + server.httpPort());
  }

  @AfterEach
  void stopOrigin() {
    server.close();
  }

  @Test
  void aFullClusterAnswers503WithARetryAfterAndCountsTheRefusals() throws Exception {
    checkIn("edge-a", 10, 10);

    HttpResponse<String> cluster = get(ClusterApiPaths.NEXT_EDGE_ADDRESS);
    HttpResponse<String> next = get(ClusterApiPaths.NEXT_EDGE + "?stream=cam");

    assertThat(cluster.statusCode()).isEqualTo(503);
    assertThat(cluster.headers().firstValue("Retry-After")).contains("5");
    assertThat(cluster.body())
        .isEqualTo(
            "no edge is ready with room: 1 ready (1 full), 0 draining, 0 gone; retry in 5 s\n");
    assertThat(next.statusCode()).isEqualTo(503);
    assertThat(next.headers().firstValue("Retry-After")).contains("5");
    assertThat(next.headers().firstValue("Access-Control-Expose-Headers"))
        .hasValueSatisfying(h -> assertThat(h).contains("Retry-After"));
    assertThat(next.body()).startsWith("{\"error\":\"no edge is ready with room");
    assertThat(api.clusterView(List.of(origin)).refusals()).isEqualTo(2);
    assertThat(internal("/metrics").body()).contains("streamcluster_cluster_refusals_total 2.0");
  }

  @Test
  void aViewerIsHeldWhileEdgesAreOnTheirWayAndGetsTheFirstThatChecksIn() throws Exception {
    checkIn("edge-a", 10, 10);
    advise(new RotationAdvice(5, true, 8, 1, Instant.now().plusSeconds(3), 0));

    CompletableFuture<HttpResponse<String>> waiting = getAsync(ClusterApiPaths.NEXT_EDGE_ADDRESS);
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> api.clusterView(List.of(origin)).waitingViewers() == 1);
    assertThat(internal("/metrics").body()).contains("streamcluster_cluster_waiting_viewers 1.0");
    checkIn("edge-b", 0, 10);

    HttpResponse<String> answer = waiting.get(5, TimeUnit.SECONDS);
    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(answer.body()).isEqualTo("edge-b:1935");
    assertThat(api.clusterView(List.of(origin)).refusals()).isZero();
    assertThat(api.clusterView(List.of(origin)).waitingViewers()).isZero();
  }

  @Test
  void aViewerIsHeldBeforeAnyEdgeWasAskedForWhileTheLoopMayStillAddSome() throws Exception {
    checkIn("edge-a", 10, 10);
    advise(new RotationAdvice(5, true, 8, 0, null, 3));

    CompletableFuture<HttpResponse<String>> waiting = getAsync(ClusterApiPaths.NEXT_EDGE_ADDRESS);
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> api.clusterView(List.of(origin)).waitingViewers() == 1);
    checkIn("edge-b", 0, 10);

    assertThat(waiting.get(5, TimeUnit.SECONDS).body()).isEqualTo("edge-b:1935");
    assertThat(api.clusterView(List.of(origin)).refusals()).isZero();
  }

  @Test
  void aHeldViewerWhoseHoldRunsOutIsRefusedWithARetryAfter() throws Exception {
    checkIn("edge-a", 10, 10);
    advise(new RotationAdvice(5, true, 1, 0, null, 2));

    long started = System.nanoTime();
    HttpResponse<String> answer = get(ClusterApiPaths.NEXT_EDGE + "?stream=cam");

    assertThat(Duration.ofNanos(System.nanoTime() - started))
        .isBetween(Duration.ofMillis(900), Duration.ofSeconds(5));
    assertThat(answer.statusCode()).isEqualTo(503);
    assertThat(answer.headers().firstValue("Retry-After"))
        .contains(String.valueOf(EdgeFleet.DEFAULT_RETRY_AFTER.toSeconds()));
    assertThat(api.clusterView(List.of(origin)).refusals()).isEqualTo(1);
  }

  @Test
  void aViewerRefusedWhileEdgesAreOnTheirWayIsToldWhenTheyAreDue() throws Exception {
    checkIn("edge-a", 10, 10);
    advise(new RotationAdvice(5, true, 0, 2, Instant.now().plusSeconds(20), 0));

    HttpResponse<String> answer = get(ClusterApiPaths.NEXT_EDGE + "?stream=cam");

    assertThat(answer.statusCode()).isEqualTo(503);
    assertThat(answer.headers().firstValue("Retry-After").map(Long::parseLong))
        .hasValueSatisfying(s -> assertThat(s).isBetween(18L, 21L));
    assertThat(api.clusterView(List.of(origin)).refusals()).isEqualTo(1);
  }

  @Test
  void theAdviceTurnsTheTargetIntoTheRotationsFirstChoice() throws Exception {
    checkIn("edge-a", 60, 120);
    checkIn("edge-b", 30, 120);
    advise(new RotationAdvice(60, true, 8, 0, null, 0));

    for (int i = 0; i < 3; i++) {
      assertThat(get(ClusterApiPaths.NEXT_EDGE_ADDRESS).body()).isEqualTo("edge-b:1935");
    }
  }

  @Test
  void theAdviceMustBeSignedAndWithinRange() throws Exception {
    String body =
        "{\"targetSubscribersPerEdge\":60,\"overflowToCapacity\":true,\"holdSeconds\":600}";

    HttpResponse<String> unsigned = put(ClusterApiPaths.ROTATION, body, null);
    HttpResponse<String> outOfRange =
        put(
            ClusterApiPaths.ROTATION,
            body,
            secret.sign("PUT", ClusterApiPaths.ROTATION, body.getBytes(StandardCharsets.UTF_8)));

    assertThat(unsigned.statusCode()).isEqualTo(401);
    assertThat(outOfRange.statusCode()).isEqualTo(400);
    assertThat(outOfRange.body()).contains("the hold within 0..60 s");
  }

  private void checkIn(String id, int subscribers, int capacity) throws Exception {
    api.checkIn(
            origin,
            new CheckIn(id, id, 1935, 5080, EdgeState.READY, subscribers, capacity, Map.of(), 0))
        .get(5, TimeUnit.SECONDS);
  }

  private void advise(RotationAdvice advice) throws Exception {
    assertThat(api.adviseRotation(origin, advice).get(5, TimeUnit.SECONDS)).isTrue();
  }

  private HttpResponse<String> get(String path) throws Exception {
    return getAsync(path).get(15, TimeUnit.SECONDS);
  }

  /** What players ask, on the public port. */
  private CompletableFuture<HttpResponse<String>> getAsync(String path) {
    return http.sendAsync(
        HttpRequest.newBuilder(players.resolve(path)).timeout(Duration.ofSeconds(15)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> internal(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(origin.resolve(path)).timeout(Duration.ofSeconds(15)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> put(String path, String body, String authorization)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(origin.resolve(path))
            .timeout(Duration.ofSeconds(5))
            .header("Content-Type", "application/json")
            .PUT(HttpRequest.BodyPublishers.ofString(body));
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
