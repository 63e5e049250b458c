package io.streamcluster.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What each role adds to the server all roles share: routes, meters, readiness, draining. */
class MediaServerRolesTest {

  private final List<MediaServer> servers = new ArrayList<>();
  private final HttpClient http = HttpClient.newHttpClient();

  @AfterEach
  void stop() {
    servers.forEach(MediaServer::close);
  }

  @Test
  void aStandaloneServerHasNeitherClusterApiNorClusterMeters() throws Exception {
    MediaServer standalone = start(config(Role.STANDALONE));

    assertThat(internal(standalone, "/api/v1/cluster").statusCode()).isEqualTo(404);
    assertThat(internal(standalone, "/api/v1/edge").statusCode()).isEqualTo(404);
    assertThat(internal(standalone, "/metrics").body())
        .contains("# HELP streamcluster_subscribers Players attached to any stream")
        .doesNotContain("streamcluster_cluster_edges")
        .doesNotContain("streamcluster_edge_capacity");
    assertThat(standalone.fleet()).isEmpty();
    assertThat(standalone.edgePuller()).isEmpty();
  }

  @Test
  void anOriginServesTheClusterApiAndReportsItsFleet() throws Exception {
    MediaServer origin = start(config(Role.ORIGIN).insecureClusterApi(true));

    assertThat(get(origin, "/cluster").statusCode()).isEqualTo(503);
    assertThat(internal(origin, "/api/v1/cluster").statusCode()).isEqualTo(200);
    assertThat(internal(origin, "/metrics").body())
        .contains("# HELP streamcluster_cluster_edges Edges known to this origin, by state")
        .contains("streamcluster_cluster_edges{state=\"gone\"} 0")
        .contains(
            "# HELP streamcluster_cluster_subscribers Players on the edges that check in with this"
                + " origin")
        .doesNotContain("streamcluster_edge_capacity");
    assertThat(origin.fleet()).isPresent();
    assertThat(origin.edgePuller()).isEmpty();
  }

  @Test
  void anEdgeIsReadyOnceAnOriginTookItsCheckInAndDrainsWhenTheOriginAsks() throws Exception {
    MediaServer origin = start(config(Role.ORIGIN).insecureClusterApi(true));
    MediaServer lonely = start(edgeOf("edge-lonely", "127.0.0.1:" + closedPort()));
    MediaServer edge = start(edgeOf("edge-a", "127.0.0.1:" + origin.internalPort()));

    HttpResponse<String> notYet = get(lonely, "/readyz");
    assertThat(notYet.statusCode()).isEqualTo(503);
    assertThat(notYet.body()).isEqualTo("not checked in with any origin yet\n");
    await().atMost(Duration.ofSeconds(10)).until(() -> get(edge, "/readyz").statusCode() == 200);
    assertThat(internal(edge, "/api/v1/edge").body())
        .contains("\"id\":\"edge-a\"")
        .contains("\"rtmpPort\":" + edge.rtmpPort());
    assertThat(internal(edge, "/metrics").body())
        .contains("# HELP streamcluster_edge_capacity Players this edge accepts at most")
        .contains("streamcluster_edge_draining 0")
        .contains(
            "# HELP streamcluster_upstreams_active Streams this edge is pulling from an origin"
                + " right now")
        .doesNotContain("streamcluster_cluster_edges");
    assertThat(edge.edgePuller()).isPresent();

    assertThat(origin.fleet().orElseThrow().drain("edge-a")).isTrue();

    edge.drained().get(10, TimeUnit.SECONDS);
    assertThat(edge.isDraining()).isTrue();
    assertThat(get(edge, "/readyz").body()).isEqualTo("draining\n");
    assertThat(internal(edge, "/metrics").body()).contains("streamcluster_edge_draining 1");
  }

  @Test
  void metricsAndTheClusterApiAreOnTheInternalPortOnlyAndHealthOnBoth() throws Exception {
    MediaServer origin = start(config(Role.ORIGIN).insecureClusterApi(true));
    MediaServer edge = start(edgeOf("edge-a", "127.0.0.1:" + origin.internalPort()));

    for (String path :
        List.of(
            "/metrics",
            "/api/v1/cluster",
            "/api/v1/streams/cam",
            "/api/v1/edges/edge-a/checkin",
            "/api/v1/edges/edge-a/drain")) {
      assertThat(get(origin, path).statusCode()).as("public " + path).isEqualTo(404);
    }
    assertThat(internal(origin, "/api/v1/streams/cam").statusCode()).isEqualTo(404);
    assertThat(internal(origin, "/api/v1/cluster").statusCode()).isEqualTo(200);
    assertThat(get(edge, "/api/v1/edge").statusCode()).isEqualTo(404);
    assertThat(get(edge, "/metrics").statusCode()).isEqualTo(404);
    assertThat(internal(edge, "/api/v1/edge").statusCode()).isEqualTo(200);
    for (MediaServer server : List.of(origin, edge)) {
      assertThat(get(server, "/healthz").statusCode()).isEqualTo(200);
      assertThat(internal(server, "/healthz").statusCode()).isEqualTo(200);
      assertThat(internal(server, "/readyz").statusCode()).isIn(200, 503);
    }
    // the players' part of the cluster API stays public
    assertThat(get(origin, "/cluster").statusCode()).isIn(200, 503);
    assertThat(internal(origin, "/cluster").statusCode()).isEqualTo(404);
  }

  @Test
  void anOriginOrEdgeRefusesToStartWithoutAClusterSecretUnlessToldItIsInsecure() {
    for (MediaServerConfig.Builder config :
        List.of(config(Role.ORIGIN), edgeOf("edge-a", "127.0.0.1:9").insecureClusterApi(false))) {
      assertThatThrownBy(() -> new MediaServer(config.build()).start())
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("--cluster-secret-file")
          .hasMessageContaining("--insecure-cluster-api");
    }
  }

  private MediaServerConfig.Builder config(Role role) {
    return MediaServerConfig.builder(role)
        .bind("127.0.0.1")
        .rtmpPort(0)
        .httpPort(0)
        .internalPort(0)
        .eventLoopThreads(1);
  }

  /** An edge of an origin run with {@code --insecure-cluster-api}. */
  private MediaServerConfig.Builder edgeOf(String id, String origin) {
    return config(Role.EDGE)
        .insecureClusterApi(true)
        .edgeId(id)
        .origins(List.of(origin))
        .checkInInterval(Duration.ofMillis(100))
        .drainTimeout(Duration.ofSeconds(5));
  }

  private MediaServer start(MediaServerConfig.Builder config) throws InterruptedException {
    MediaServer server = new MediaServer(config.build()).start();
    servers.add(server);
    return server;
  }

  /** On the public HTTP port. */
  private HttpResponse<String> get(MediaServer server, String path) throws Exception {
    return get(server.httpPort(), path);
  }

  private HttpResponse<String> internal(MediaServer server, String path) throws Exception {
    return get(server.internalPort(), path);
  }

  private HttpResponse<String> get(int port, String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static int closedPort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
