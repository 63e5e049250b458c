package io.streamcluster.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamcluster.media.testing.Command;
import io.streamcluster.media.testing.Ffmpeg;
import io.streamcluster.media.testing.MediaServerProcess;
import io.streamcluster.media.testing.TestCertificates;
import io.streamcluster.media.tls.TrustedCertificates;
import io.streamcluster.media.tls.VerifyingTrustManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The load tool's runnable jar against the real media server (its own jar, in its own process, with
 * TLS from a test CA) and a real ffmpeg publisher.
 */
class LoadToolIT {

  private static final Path JAR = Path.of("target/streamcluster-load.jar");

  @TempDir static Path certificates;
  private static TestCertificates ca;
  private static MediaServerProcess server;
  private static Ffmpeg.Running publisher;

  @BeforeAll
  static void startServerAndPublisher() throws Exception {
    ca = TestCertificates.authority(certificates, "StreamCluster test CA");
    TestCertificates.Issued issued = ca.issue("localhost", "127.0.0.1");
    server = MediaServerProcess.startWithTls("standalone", issued.certificate(), issued.key());
    publisher = Ffmpeg.publish(server.rtmpUrl("bench"), 640, 360);
    // the internal port (metrics) speaks TLS too
    SSLContext trustingTheTestCa = SSLContext.getInstance("TLS");
    trustingTheTestCa.init(
        null,
        new TrustManager[] {
          new VerifyingTrustManager(TrustedCertificates.fromFile(ca.caFile()), Optional.empty())
        },
        null);
    HttpClient http = HttpClient.newBuilder().sslContext(trustingTheTestCa).build();
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                http.send(
                        HttpRequest.newBuilder(URI.create(server.internalUrl("/metrics"))).build(),
                        HttpResponse.BodyHandlers.ofString())
                    .body()
                    .contains("stream=\"bench\""));
  }

  @AfterAll
  static void stopServerAndPublisher() throws Exception {
    if (publisher != null) {
      publisher.close();
    }
    if (server != null) {
      server.close();
    }
  }

  @Test
  void playsEverySubscriberOverRtmpHttpFlvPlainAndOverTlsAndLowLatencyHlsAndWritesItsReport(
      @TempDir Path dir) throws Exception {
    assertThat(JAR).as("run ./mvnw package -pl media-server,load-tool first").exists();
    String hls = server.httpUrl("/live/bench/index.m3u8");
    for (String url :
        List.of(
            server.rtmpUrl("bench"),
            server.flvUrl("bench"),
            server.rtmpsUrl("bench"),
            server.httpsFlvUrl("bench"),
            hls)) {
      Path json = dir.resolve(url.equals(hls) ? "hls.json" : URI.create(url).getScheme() + ".json");
      Command.Result run =
          Command.of(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  // every buffer the players touch is tracked; a leak it notices is logged as LEAK
                  "-Dio.netty.leakDetection.level=PARANOID",
                  "-jar",
                  JAR.toString(),
                  "--url",
                  url,
                  "--ca-file",
                  ca.caFile().toString(),
                  "--subscribers",
                  "10",
                  "--ramp-seconds",
                  "1",
                  "--settle-seconds",
                  "1",
                  "--duration-seconds",
                  "3",
                  "--warm-up-subscribers",
                  "2",
                  "--warm-up-seconds",
                  "1",
                  "--no-progress",
                  "--json-out",
                  json.toString())
              .timeout(Duration.ofSeconds(60))
              .run();

      assertThat(run.exitCode()).as(run.describe()).isZero();
      assertThat(run.stdout() + run.stderr()).as(url).doesNotContain("LEAK");
      JsonNode report = new ObjectMapper().readTree(Files.readString(json));
      assertThat(report.path("subscriberCount").asInt()).as(url).isEqualTo(10);
      assertThat(report.path("withFirstFrame").asInt()).as(url).isEqualTo(10);
      assertThat(report.path("disconnects").asInt()).as(url).isZero();
      assertThat(report.path("subscribers")).as(url).hasSize(10);
      for (JsonNode subscriber : report.path("subscribers")) {
        assertThat(subscriber.path("bytes").asLong()).as(url + " " + subscriber).isPositive();
        assertThat(subscriber.path("ttffMs").asDouble()).as(url + " " + subscriber).isPositive();
      }
    }
  }
}
