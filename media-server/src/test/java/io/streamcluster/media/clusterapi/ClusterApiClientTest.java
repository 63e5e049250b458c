package io.streamcluster.media.clusterapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.streamcluster.media.MediaServer;
import io.streamcluster.media.MediaServerConfig;
import io.streamcluster.media.Role;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The one cluster API client against a real origin's endpoints, on loopback. */
class ClusterApiClientTest {

  private final ClusterSecret secret = secret("client-test-cluster-secret");
  private final ClusterApiClient client =
      new ClusterApiClient(Duration.ofSeconds(2)).signedWith(secret);
  private MediaServer server;
  private URI origin;
  private URI nowhere;

  @BeforeEach
  void startOrigin() throws Exception {
    server =
        new MediaServer(
                MediaServerConfig.builder(Role.ORIGIN)
                    .bind("127.0.0.1")
                    .rtmpPort(0)
                    .httpPort(0)
                    .internalPort(0)
                    .eventLoopThreads(1)
                    .clusterSecret(secret)
                    .build())
            .start();
    origin = ClusterApiClient.origin("127.0.0.1:" + server.internalPort());
    try (ServerSocket closed = new ServerSocket(0)) {
      nowhere = ClusterApiClient.origin("127.0.0.1:" + closed.getLocalPort());
    }
  }

  @AfterEach
  void stopOrigin() {
    server.close();
    stubs.forEach(stub -> stub.stop(0));
  }

  private final List<HttpServer> stubs = new ArrayList<>();

  @Test
  void aSignedCheckInPutsTheEdgeIntoTheClusterView() throws Exception {
    CheckInReply reply = await(client.checkIn(origin, checkIn("edge-a", 5)));

    assertThat(reply).isEqualTo(new CheckInReply(false, 6));
    ClusterView view = await(client.clusterView(origin));
    assertThat(view.origin().rtmpPort()).isEqualTo(server.rtmpPort());
    assertThat(view.edges())
        .singleElement()
        .satisfies(
            edge -> {
              assertThat(edge.id()).isEqualTo("edge-a");
              assertThat(edge.state()).isEqualTo(EdgeState.READY);
              assertThat(edge.streams()).isEqualTo(Map.of("cam", 5));
            });
    assertThat(view.edgesReady()).isEqualTo(1);
    assertThat(view.subscribers()).isEqualTo(5);
    assertThat(view.edgeTtlSeconds()).isEqualTo(6);
  }

  @Test
  void aDrainedEdgeIsToldAtItsNextCheckInAndAnUnknownEdgeIsNotFound() throws Exception {
    await(client.checkIn(origin, checkIn("edge-a", 0)));

    assertThat(await(client.drain(origin, "edge-a")))
        .contains(new DrainReply("edge-a", EdgeState.DRAINING));
    assertThat(await(client.drain(origin, "nobody"))).isEmpty();
    assertThat(client.drain(List.of(origin), "nobody")).isFalse();
    assertThat(await(client.checkIn(origin, checkIn("edge-a", 0))).drain()).isTrue();
  }

  @Test
  void anEdgeIdThatNeedsEncodingIsSignedAsItTravelsAndReadBackAsItIs() throws Exception {
    for (String id : List.of("::1-1936", "edge one")) {
      await(client.checkIn(origin, checkIn(id, 1)));
      assertThat(client.drain(List.of(origin), id)).as(id).isTrue();
    }

    assertThat(await(client.clusterView(origin)).edges())
        .extracting(EdgeView::id, EdgeView::state)
        .containsExactly(
            tuple("::1-1936", EdgeState.DRAINING), tuple("edge one", EdgeState.DRAINING));
  }

  @Test
  void anUnsignedOrWronglySignedCallIsRefusedWith401() {
    ClusterApiClient unsigned = new ClusterApiClient(Duration.ofSeconds(2));
    ClusterApiClient wrong = unsigned.signedWith(secret("not-the-cluster-secret"));

    for (ClusterApiClient intruder : List.of(unsigned, wrong)) {
      assertThatThrownBy(() -> await(intruder.checkIn(origin, checkIn("intruder", 0))))
          .isInstanceOfSatisfying(
              ClusterApiException.class, e -> assertThat(e.status()).isEqualTo(401));
      assertThatThrownBy(() -> intruder.clusterView(List.of(origin)))
          .isInstanceOfSatisfying(
              ClusterApiException.class,
              e -> assertThat(e.body()).contains("cluster secret signature required"));
    }
  }

  @Test
  void aStreamThatIsNotLiveIsFoundOnNoOriginAndAnUnreachableOneCountsAsNotHavingIt()
      throws Exception {
    assertThat(await(client.lookupStream(origin, "cam"))).isEmpty();
    assertThat(await(client.lookupStream(List.of(nowhere, origin), "cam"))).isEmpty();
    assertThatThrownBy(() -> await(client.lookupStream(nowhere, "cam")))
        .isInstanceOf(ConnectException.class);
  }

  @Test
  void theClusterViewComesFromTheFirstOriginThatAnswers() throws Exception {
    await(client.checkIn(origin, checkIn("edge-a", 3)));

    assertThat(client.clusterView(List.of(nowhere, origin)).subscribers()).isEqualTo(3);
    assertThatThrownBy(() -> client.clusterView(List.of(nowhere, nowhere)))
        .isInstanceOf(ConnectException.class)
        .satisfies(e -> assertThat(e.getSuppressed()).hasSize(1));
  }

  @Test
  void theRotationAdviceReachesEveryOriginThatAnswers() throws Exception {
    RotationAdvice advice = new RotationAdvice(1500, true, 8, 2, java.time.Instant.now(), 0);

    assertThat(client.adviseRotation(List.of(nowhere, origin), advice)).isEqualTo(1);
    assertThatThrownBy(() -> client.adviseRotation(List.of(nowhere), advice))
        .isInstanceOf(ConnectException.class);
  }

  @Test
  void theClusterViewsOfEveryOriginThatAnswersCarryEachRotationsFigures() throws Exception {
    await(client.checkIn(origin, checkIn("edge-a", 3)));

    List<ClusterView> views = client.clusterViews(List.of(nowhere, origin));

    assertThat(views).singleElement().satisfies(v -> assertThat(v.refusals()).isZero());
    assertThat(views.get(0).edges().get(0).firstCheckIn()).isNotNull();
    assertThatThrownBy(() -> client.clusterViews(List.of(nowhere)))
        .isInstanceOf(ConnectException.class);
  }

  @Test
  void aDrainReachesEveryOriginAndFailsOnlyWhenNoneKnewTheEdge() throws Exception {
    await(client.checkIn(origin, checkIn("edge-a", 0)));

    assertThat(client.drain(List.of(nowhere, origin), "edge-a")).isTrue();
    assertThatThrownBy(() -> client.drain(List.of(nowhere, origin), "nobody"))
        .isInstanceOf(IOException.class);
  }

  @Test
  void aReplayedCheckInIsRefused() throws Exception {
    byte[] body = ClusterJson.MAPPER.writeValueAsBytes(checkIn("edge-a", 1));
    String path = ClusterApiPaths.checkIn("edge-a");
    HttpRequest recorded =
        HttpRequest.newBuilder(origin.resolve(path))
            .header("Authorization", secret.sign("POST", path, body))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build();
    HttpClient attacker = HttpClient.newHttpClient();

    HttpResponse<String> first = attacker.send(recorded, HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> replayed = attacker.send(recorded, HttpResponse.BodyHandlers.ofString());

    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(first.headers().firstValue(ClusterSecret.REPLY_HEADER)).isPresent();
    assertThat(replayed.statusCode()).isEqualTo(401);
    assertThat(replayed.body()).contains("replayed");
  }

  @Test
  void aReplyTheOriginDidNotSignForThisCallIsRefused() throws Exception {
    // an origin without the secret (or a forger): the right body, no signature
    URI unsigned =
        stub(exchange -> reply(exchange, 200, "{\"drain\":false,\"ttlSeconds\":6}", null));
    assertThatThrownBy(() -> await(client.checkIn(unsigned, checkIn("edge-a", 0))))
        .isInstanceOfSatisfying(
            ClusterApiException.class,
            e -> {
              assertThat(e.unsignedReply()).isTrue();
              assertThat(e).hasMessageContaining("without the origin's signature");
            });

    // a reply recorded from an earlier call, replayed: signed, but for another nonce
    String earlierNonce = secret.signRequest("POST", "/x", new byte[0]).nonce();
    String body = "{\"drain\":false,\"ttlSeconds\":6}";
    String recorded = secret.signReply(earlierNonce, 200, body.getBytes(StandardCharsets.UTF_8));
    URI replaying = stub(exchange -> reply(exchange, 200, body, recorded));
    assertThatThrownBy(() -> await(client.checkIn(replaying, checkIn("edge-a", 0))))
        .isInstanceOfSatisfying(
            ClusterApiException.class, e -> assertThat(e.unsignedReply()).isTrue());
  }

  @Test
  void aSecretRotatedInThreeStepsNeverFailsACall() throws Exception {
    byte[] old = "the-old-cluster-secret-01".getBytes(StandardCharsets.UTF_8);
    byte[] renewed = "the-new-cluster-secret-02".getBytes(StandardCharsets.UTF_8);
    List<List<byte[]>> steps =
        List.of(List.of(old), List.of(old, renewed), List.of(renewed, old), List.of(renewed));
    // each step reaches the origin and the edge at different times: every neighbouring pair meets
    for (int i = 0; i + 1 < steps.size(); i++) {
      for (List<List<byte[]>> pair :
          List.of(
              List.of(steps.get(i), steps.get(i + 1)), List.of(steps.get(i + 1), steps.get(i)))) {
        try (MediaServer rotating = originWith(new ClusterSecret(pair.get(0), Clock.systemUTC()))) {
          ClusterApiClient edge =
              new ClusterApiClient(Duration.ofSeconds(2))
                  .signedWith(new ClusterSecret(pair.get(1), Clock.systemUTC()));
          URI at = ClusterApiClient.origin("127.0.0.1:" + rotating.internalPort());
          assertThat(await(edge.checkIn(at, checkIn("edge-a", 0))).drain())
              .as("step %d and its neighbour", i)
              .isFalse();
        }
      }
    }
  }

  private MediaServer originWith(ClusterSecret originSecret) throws InterruptedException {
    return new MediaServer(
            MediaServerConfig.builder(Role.ORIGIN)
                .bind("127.0.0.1")
                .rtmpPort(0)
                .httpPort(0)
                .internalPort(0)
                .eventLoopThreads(1)
                .clusterSecret(originSecret)
                .build())
        .start();
  }

  private URI stub(HttpHandler handler) throws IOException {
    HttpServer stub = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    stub.createContext("/", handler);
    stub.start();
    stubs.add(stub);
    return ClusterApiClient.origin("127.0.0.1:" + stub.getAddress().getPort());
  }

  private static void reply(HttpExchange exchange, int status, String body, String signature)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    if (signature != null) {
      exchange.getResponseHeaders().add(ClusterSecret.REPLY_HEADER, signature);
    }
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private static CheckIn checkIn(String id, int subscribers) {
    return new CheckIn(
        id,
        "127.0.0.1",
        1935,
        5080,
        EdgeState.READY,
        subscribers,
        2000,
        subscribers > 0 ? Map.of("cam", subscribers) : Map.of(),
        0);
  }

  private static ClusterSecret secret(String text) {
    return new ClusterSecret(text.getBytes(StandardCharsets.UTF_8), Clock.systemUTC());
  }

  private static <T> T await(CompletableFuture<T> call) throws Exception {
    try {
      return call.get(10, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw (Exception) e.getCause();
    }
  }
}
