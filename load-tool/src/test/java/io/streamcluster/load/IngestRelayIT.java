package io.streamcluster.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamcluster.media.testing.Command;
import io.streamcluster.media.testing.Ffmpeg;
import io.streamcluster.media.testing.MediaServerProcess;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The latency a server adds, from a frame's arrival at the server to its arrival at a player: a
 * real ffmpeg publishes through the ingest relay to the server's jar, and the load tool's jar plays
 * the stream and reads the relay's arrivals.
 */
class IngestRelayIT {

  private static final Path JAR = Path.of("target/streamcluster-load.jar");

  @Test
  void theLatencyAServerAddsIsMeasuredFromTheRelayToEveryPlayer(@TempDir Path dir)
      throws Exception {
    assertThat(JAR).as("run ./mvnw package -pl media-server,load-tool first").exists();
    try (MediaServerProcess server =
            MediaServerProcess.start("standalone", "--fan-out-interval-ms", "100");
        IngestRelay relay =
            new IngestRelay(
                    new InetSocketAddress(
                        "127.0.0.1", URI.create(server.rtmpUrl("relayed")).getPort()))
                .start(
                    new InetSocketAddress("127.0.0.1", 0), new InetSocketAddress("127.0.0.1", 0));
        Ffmpeg.Running publisher =
            Ffmpeg.publish("rtmp://127.0.0.1:" + relay.publishPort() + "/live/relayed", 640, 360)) {
      HttpClient http = HttpClient.newHttpClient();
      await()
          .atMost(Duration.ofSeconds(20))
          .until(
              () ->
                  http.send(
                          HttpRequest.newBuilder(URI.create(server.internalUrl("/metrics")))
                              .build(),
                          HttpResponse.BodyHandlers.ofString())
                      .body()
                      .contains("stream=\"relayed\""));
      Path json = dir.resolve("added.json");

      Command.Result run =
          Command.of(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-jar",
                  JAR.toString(),
                  "--url",
                  server.rtmpUrl("relayed"),
                  "--ingest-arrivals",
                  "127.0.0.1:" + relay.arrivalsPort(),
                  "--subscribers",
                  "5",
                  "--ramp-seconds",
                  "1",
                  "--settle-seconds",
                  "1",
                  "--duration-seconds",
                  "3",
                  "--warm-up-subscribers",
                  "0",
                  "--no-progress",
                  "--json-out",
                  json.toString())
              .timeout(Duration.ofSeconds(60))
              .run();

      assertThat(run.exitCode()).as(run.describe()).isZero();
      assertThat(run.stdout()).contains("added latency (arrival at the server to arrival here");
      JsonNode added = new ObjectMapper().readTree(Files.readString(json)).path("addedLatency");
      assertThat(added.path("referenceConnected").asBoolean()).as(added.toString()).isTrue();
      // 25 video frames a second for 3 s at each of 5 players
      assertThat(added.path("samples").asLong()).as(added.toString()).isGreaterThan(100);
      assertThat(added.path("unmatched").asLong())
          .as(added.toString())
          .isLessThan(added.path("samples").asLong() / 10);
      // A frame waits at most the 100 ms interval on the server; the rest is this busy machine.
      assertThat(added.path("p50Ms").asDouble()).as(added.toString()).isBetween(0.0, 1000.0);
    }
  }
}
