package io.streamcluster.media.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import io.streamcluster.media.MediaServer;
import io.streamcluster.media.MediaServerConfig;
import io.streamcluster.media.Role;
import io.streamcluster.media.clusterapi.ClusterApiClient;
import io.streamcluster.media.clusterapi.ClusterSecret;
import io.streamcluster.media.clusterapi.EdgeState;
import io.streamcluster.media.clusterapi.EdgeView;
import io.streamcluster.media.clusterapi.OriginTls;
import io.streamcluster.media.testing.TestCertificates;
import io.streamcluster.media.tls.TrustedCertificates;
import io.streamcluster.media.tls.VerifyingTrustManager;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Edges and an origin with TLS, in this JVM: check-ins go over TLS to the origin's internal port,
 * verifying the origin's certificate against a CA file and a configured name (the certificate names
 * the origin's public name, not the loopback address the edges dial), and the origin hands out the
 * edges' RTMPS and HTTPS addresses.
 */
class ClusterTlsIT {

  /** The origin's public name: on its certificate, not the address the edges dial. */
  private static final String ORIGIN_NAME = "origin.example.test";

  @TempDir static Path dir;
  private static TestCertificates ca;
  private static TestCertificates.Issued originCertificate;
  private static TestCertificates.Issued edgeCertificate;
  private static MediaServer origin;
  private static final ClusterSecret SECRET =
      new ClusterSecret(
          "cluster-tls-it-secret-0123".getBytes(StandardCharsets.UTF_8), Clock.systemUTC());
  private final List<MediaServer> edges = new ArrayList<>();

  @BeforeAll
  static void startOrigin() throws Exception {
    ca = TestCertificates.authority(dir.resolve("ca"), "StreamCluster test CA");
    originCertificate = ca.issue(ORIGIN_NAME);
    edgeCertificate = ca.issue("localhost", "127.0.0.1");
    origin =
        new MediaServer(
                base(Role.ORIGIN)
                    .tls(originCertificate.certificate(), originCertificate.key())
                    .tlsPorts(0, 0)
                    .edgeTtl(Duration.ofSeconds(2))
                    .build())
            .start();
  }

  @AfterAll
  static void stopOrigin() {
    origin.close();
  }

  /** Stops the test's edges and waits until the origin no longer hands them out. */
  @AfterEach
  void stopEdges() {
    edges.forEach(MediaServer::close);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                origin.fleet().orElseThrow().edges().stream()
                    .noneMatch(e -> e.state() == EdgeState.READY));
  }

  @Test
  void anEdgeChecksInOverTlsAndTheOriginHandsOutItsRtmpsAndHttpsAddresses() throws Exception {
    MediaServer edge =
        edge("edge-tls", new OriginTls(Optional.of(ca.caFile()), Optional.of(ORIGIN_NAME)), true);

    await().atMost(Duration.ofSeconds(10)).until(() -> readyEdge("edge-tls").isPresent());
    EdgeView seen = readyEdge("edge-tls").orElseThrow();
    assertThat(seen.rtmpsPort()).isEqualTo(edge.rtmpsPort());
    assertThat(seen.httpsPort()).isEqualTo(edge.httpsPort());

    // players ask the origin's public HTTPS port, verifying its public name
    assertThat(publicGet("/cluster?tls=true").body()).isEqualTo("127.0.0.1:" + edge.rtmpsPort());
    assertThat(publicGet("/cluster").body()).isEqualTo("127.0.0.1:" + edge.rtmpPort());
    assertThat(publicGet("/api/v1/edges/next?stream=cam").body())
        .contains("\"rtmpUrl\":\"rtmp://127.0.0.1:" + edge.rtmpPort() + "/live/cam\"")
        .contains("\"rtmpsUrl\":\"rtmps://127.0.0.1:" + edge.rtmpsPort() + "/live/cam\"")
        .contains("\"httpsFlvUrl\":\"https://127.0.0.1:" + edge.httpsPort() + "/live/cam.flv\"");
    assertThat(publicGet("/cluster?tls=maybe").statusCode()).isEqualTo(400);
  }

  @Test
  void onlyEdgesWithTlsAreHandedOutWhenTlsIsAskedFor() throws Exception {
    edge("edge-plain", new OriginTls(Optional.of(ca.caFile()), Optional.of(ORIGIN_NAME)), false);
    await().atMost(Duration.ofSeconds(10)).until(() -> readyEdge("edge-plain").isPresent());

    HttpResponse<String> tls = publicGet("/cluster?tls=true");
    assertThat(tls.statusCode()).isEqualTo(503);
    assertThat(tls.body()).contains("no edge with TLS");
    assertThat(publicGet("/api/v1/edges/next?stream=cam").body()).doesNotContain("rtmps");
  }

  @Test
  void anEdgeRefusesAnOriginWhoseCertificateDoesNotVerify() throws Exception {
    TestCertificates stranger = TestCertificates.authority(dir.resolve("other-ca"), "Another CA");
    OriginTls otherCa = new OriginTls(Optional.of(stranger.caFile()), Optional.of(ORIGIN_NAME));
    // the right CA, but the name checked is the address dialled, which the certificate lacks
    OriginTls addressDialled = new OriginTls(Optional.of(ca.caFile()), Optional.empty());
    OriginTls anotherName = new OriginTls(Optional.of(ca.caFile()), Optional.of("other.example"));
    MediaServer trustingAnotherCa = edge("edge-other-ca", otherCa, true);
    MediaServer checkingTheAddress = edge("edge-by-address", addressDialled, true);

    TimeUnit.SECONDS.sleep(2);
    for (MediaServer refused : List.of(trustingAnotherCa, checkingTheAddress)) {
      assertThat(refused.config().edge().id())
          .satisfies(id -> assertThat(readyEdge(id)).as(id + " never checked in").isEmpty());
    }
    for (OriginTls tls : List.of(otherCa, addressDialled, anotherName)) {
      Throwable failure = catchThrowable(() -> clusterView(tls));
      List<Throwable> chain = new ArrayList<>();
      for (Throwable t = failure; t != null; t = t.getCause()) {
        chain.add(t);
      }
      assertThat(chain).as(tls.describe()).hasAtLeastOneElementOfType(SSLHandshakeException.class);
    }
    assertThat(clusterView(new OriginTls(Optional.of(ca.caFile()), Optional.of(ORIGIN_NAME))))
        .as("the right CA and name")
        .isNotNull();
  }

  @Test
  void theInternalPortSpeaksOnlyTlsWhenTlsIsConfigured() {
    ClusterApiClient plain = new ClusterApiClient(Duration.ofSeconds(2)).signedWith(SECRET);

    assertThat(
            catchThrowable(
                () ->
                    plain.clusterView(
                        List.of(ClusterApiClient.origin("127.0.0.1:" + origin.internalPort())))))
        .isInstanceOf(IOException.class);
  }

  private static MediaServerConfig.Builder base(Role role) {
    return MediaServerConfig.builder(role)
        .bind("127.0.0.1")
        .rtmpPort(0)
        .httpPort(0)
        .internalPort(0)
        .eventLoopThreads(1)
        .clusterSecret(SECRET);
  }

  private MediaServer edge(String id, OriginTls originTls, boolean ownTls)
      throws InterruptedException {
    MediaServerConfig.Builder config =
        base(Role.EDGE)
            .edgeId(id)
            .origins(List.of("127.0.0.1:" + origin.internalPort()))
            .advertiseHost("127.0.0.1")
            .checkInInterval(Duration.ofMillis(200))
            .originTls(originTls);
    if (ownTls) {
      config.tls(edgeCertificate.certificate(), edgeCertificate.key()).tlsPorts(0, 0);
    }
    MediaServer edge = new MediaServer(config.build()).start();
    edges.add(edge);
    return edge;
  }

  private static Optional<EdgeView> readyEdge(String id) {
    return origin.fleet().orElseThrow().edges().stream()
        .filter(e -> e.id().equals(id) && e.state() == EdgeState.READY)
        .findFirst();
  }

  private static Object clusterView(OriginTls tls) throws Exception {
    ClusterApiClient client =
        new ClusterApiClient(Duration.ofSeconds(3), Optional.of(tls)).signedWith(SECRET);
    return client.clusterView(List.of(client.originAt("127.0.0.1:" + origin.internalPort())));
  }

  /** On the origin's public HTTPS port, verifying its certificate for its public name. */
  private static HttpResponse<String> publicGet(String path) throws Exception {
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(
        null,
        new TrustManager[] {
          new VerifyingTrustManager(
              TrustedCertificates.fromFile(ca.caFile()), Optional.of(ORIGIN_NAME))
        },
        null);
    HttpClient https = HttpClient.newBuilder().sslContext(context).build();
    return https.send(
        HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + origin.httpsPort() + path))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
