package io.streamcluster.operator.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.streamcluster.api.v1alpha1.CapacityScheduleSpec;
import io.streamcluster.api.v1alpha1.StreamCluster;
import io.streamcluster.media.testing.Ffmpeg;
import io.streamcluster.media.testing.FreePorts;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Local mode end to end: a real ffmpeg publisher, real ffmpeg players that ask {@code /cluster}
 * first, and the operator's scaling loop adding edges, then draining them away when the players
 * leave.
 */
class LocalModeIT {

  private final List<Ffmpeg.Running> processes = new ArrayList<>();
  private final HttpClient http = HttpClient.newHttpClient();
  private LocalCluster cluster;

  @AfterEach
  void stopEverything() throws Exception {
    for (Ffmpeg.Running process : processes) {
      process.close();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void playersThroughClusterPushTheAutoscalerPastOneEdgeAndEdgesDrainAwayWhenTheyLeave()
      throws Exception {
    Path yaml = Path.of(getClass().getResource("/local/quick.yaml").toURI());
    int base = freePortRange(5);
    cluster =
        new LocalCluster(
                LocalCommand.read(yaml),
                new LocalPorts("127.0.0.1", "127.0.0.1", base, base + 10, base + 20),
                InstantSource.system(),
                Duration.ofMillis(300),
                // every sync() of the test is a turn of the loop
                Duration.ZERO)
            .start();
    assertThat(cluster.status().edges()).isEqualTo(1);
    Ffmpeg.Running publisher = publish("rtmp://127.0.0.1:" + base + "/live/show");
    awaitReadyEdges(1);

    List<Ffmpeg.Running> players = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      players.add(playThroughCluster(base + 10, "show"));
    }
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> cluster.sync().subscribers() >= 5);

    LocalStatus scaled = cluster.sync();
    assertThat(scaled.edges()).as(scaled.toString()).isEqualTo(3);
    assertThat(cluster.origin().fleet().orElseThrow().advice().targetSubscribersPerEdge())
        .as("the loop tells the origin's rotation the target, as the operator does")
        .isEqualTo(2);
    awaitReadyEdges(3);
    Ffmpeg.Running late = playThroughCluster(base + 10, "show");
    players.add(late);
    await().atMost(Duration.ofSeconds(20)).until(() -> cluster.sync().subscribers() >= 6);

    for (Ffmpeg.Running player : players) {
      player.close();
    }
    await()
        .atMost(Duration.ofSeconds(40))
        .pollInterval(Duration.ofSeconds(1))
        .until(
            () -> {
              LocalStatus status = cluster.sync();
              return status.edges() == 1 && status.draining() == 0;
            });
    assertThat(cluster.edgeAddresses()).hasSize(1);
    assertThat(publisher.isAlive()).isTrue();
  }

  @Test
  void aScheduleRaisesTheLocalEdgesBeforeAnyViewerArrives() throws Exception {
    StreamCluster resource =
        LocalCommand.read(Path.of(getClass().getResource("/local/quick.yaml").toURI()));
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    CapacityScheduleSpec tonight = new CapacityScheduleSpec();
    tonight.setName("tonight");
    tonight.setStart(now.plusSeconds(60).toString());
    tonight.setEnd(now.plusSeconds(3600).toString());
    tonight.setMinEdges(3);
    resource.getSpec().getAutoscaling().setSchedules(List.of(tonight));
    int base = freePortRange(5);
    cluster =
        new LocalCluster(
                resource,
                new LocalPorts("127.0.0.1", "127.0.0.1", base, base + 10, base + 20),
                InstantSource.system(),
                Duration.ofMillis(300),
                Duration.ZERO)
            .start();

    LocalStatus status = cluster.sync();

    assertThat(status.edges()).as(status.toString()).isEqualTo(3);
    assertThat(status.decision()).isEqualTo("LimitedBySchedule");
    assertThat(status.message()).contains("schedule tonight holds 3 edges");
    awaitReadyEdges(3);
  }

  private void awaitReadyEdges(int count) {
    await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(300))
        .until(() -> cluster.status().ready() == count);
  }

  /** Asks the origin's /cluster for an edge, then plays the stream there without decoding. */
  private Ffmpeg.Running playThroughCluster(int originHttp, String stream) throws Exception {
    HttpResponse<String> edge =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + originHttp + "/cluster"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(edge.statusCode()).as(edge.body()).isEqualTo(200);
    return start(
        Ffmpeg.ffmpeg(),
        "-hide_banner",
        "-v",
        "error",
        "-i",
        "rtmp://" + edge.body() + "/live/" + stream,
        "-c",
        "copy",
        "-f",
        "null",
        "-");
  }

  private Ffmpeg.Running publish(String url) {
    Ffmpeg.Running publisher = Ffmpeg.publish(url, 640, 360);
    processes.add(publisher);
    return publisher;
  }

  private Ffmpeg.Running start(String... command) {
    Ffmpeg.Running process = Ffmpeg.Running.start(command);
    processes.add(process);
    return process;
  }

  /** A base port such that base..base+n, base+10..base+10+n and base+20..base+20+n are free now. */
  private static int freePortRange(int n) throws Exception {
    return FreePorts.range(21 + n);
  }
}
