package io.streamcluster.media.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.streamcluster.media.testing.Command;
import io.streamcluster.media.testing.Ffmpeg;
import io.streamcluster.media.testing.MediaServerProcess;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The standalone server with real ffmpeg and ffprobe as publisher and players. */
class MediaServerIT {

  private static MediaServerProcess server;
  private final List<Ffmpeg.Running> publishers = new ArrayList<>();
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void startServer() throws Exception {
    server = MediaServerProcess.start("standalone");
  }

  @AfterAll
  static void stopServer() throws Exception {
    server.close();
  }

  @AfterEach
  void stopPublishers() throws Exception {
    for (Ffmpeg.Running publisher : publishers) {
      publisher.close();
    }
  }

  @Test
  void ffprobeReadsThePublishedStreamOverRtmpAndHttpFlv() throws Exception {
    publish("probe", 1024, 768);

    for (String url : List.of(server.rtmpUrl("probe"), server.flvUrl("probe"))) {
      Command.Result probe = Ffmpeg.probeStreams(url);
      assertThat(probe.succeeded()).as(url + ": " + probe.stderr()).isTrue();
      assertThat(probe.stdout())
          .as(url)
          .contains("codec_name=h264")
          .contains("width=1024")
          .contains("height=768")
          .contains("codec_name=aac");
    }
  }

  @Test
  void ffmpegDecodesRtmpAndHttpFlvPlaybackWithoutErrors() throws Exception {
    publish("decode", 1024, 768);

    for (String url : List.of(server.rtmpUrl("decode"), server.flvUrl("decode"))) {
      Command.Result play =
          Ffmpeg.run(Duration.ofSeconds(30), Ffmpeg.decodeCommand(url, 4).toArray(String[]::new));
      assertThat(play.succeeded()).as(url + ": " + play.stderr()).isTrue();
      assertThat(play.stderr()).as(url).isBlank();
    }
  }

  @Test
  void aResolutionChangeReachesAPlayerThatStaysConnected() throws Exception {
    Ffmpeg.Running first = publish("abr", 640, 480);
    awaitLive("abr");
    try (Ffmpeg.Running player = Ffmpeg.videoReader(server.flvUrl("abr"), "frame=width,height")) {
      await().atMost(Duration.ofSeconds(20)).until(() -> player.printed().contains("640,480"));
      first.close();
      publish("abr", 1024, 768);
      await().atMost(Duration.ofSeconds(30)).until(() -> player.printed().contains("1024,768"));
      assertThat(player.isAlive()).as("the player stayed connected").isTrue();
    }
  }

  @Test
  void aHundredConcurrentRtmpAndHttpFlvPlayersAllReceiveMedia() throws Exception {
    publish("crowd", 1024, 768);
    awaitLive("crowd");
    ExecutorService pool = Executors.newFixedThreadPool(100);
    try {
      // Ten seconds of media each: long enough that the last player starts, on a busy two-core
      // host, while the first is still playing, so all hundred are attached at once.
      List<CompletableFuture<Command.Result>> players = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        String url = i % 2 == 0 ? server.rtmpUrl("crowd") : server.flvUrl("crowd");
        String[] command = Ffmpeg.copyCommand(url, 10).toArray(String[]::new);
        players.add(
            CompletableFuture.supplyAsync(
                () -> {
                  try {
                    return Ffmpeg.run(Duration.ofSeconds(90), command);
                  } catch (Exception e) {
                    throw new IllegalStateException(e);
                  }
                },
                pool));
      }
      CompletableFuture<Void> allDone =
          CompletableFuture.allOf(players.toArray(CompletableFuture[]::new));
      double peak = 0;
      while (!allDone.isDone()) {
        peak = Math.max(peak, metric("streamcluster_subscribers"));
        Thread.sleep(100);
      }
      for (CompletableFuture<Command.Result> player : players) {
        Command.Result result = player.join();
        assertThat(result.succeeded()).as(result.stderr()).isTrue();
      }
      System.out.printf("a hundred players: %.0f attached at the peak%n", peak);
      assertThat(peak).as("players attached at once").isGreaterThanOrEqualTo(90);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void garbageAndHalfFinishedHandshakesDoNotDisturbAPlayingClient() throws Exception {
    publish("steady", 1024, 768);
    awaitLive("steady");
    CompletableFuture<Command.Result> player =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return Ffmpeg.run(
                    Duration.ofSeconds(40),
                    Ffmpeg.decodeCommand(server.rtmpUrl("steady"), 8).toArray(String[]::new));
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    Random random = new Random(42);
    List<Socket> halfOpen = new ArrayList<>();
    try {
      for (int i = 0; i < 20; i++) {
        try (Socket garbage = new Socket("127.0.0.1", server.rtmpPort)) {
          byte[] bytes = new byte[4096];
          random.nextBytes(bytes);
          bytes[0] = 3; // a plausible version, then noise
          OutputStream out = garbage.getOutputStream();
          out.write(bytes);
          out.flush();
        }
        Socket half = new Socket("127.0.0.1", server.rtmpPort);
        half.getOutputStream().write(new byte[] {3, 0, 0, 0});
        half.getOutputStream().flush();
        halfOpen.add(half);
      }
      Command.Result result = player.join();
      assertThat(result.succeeded()).as(result.stderr()).isTrue();
      assertThat(server.isAlive()).isTrue();
    } finally {
      for (Socket socket : halfOpen) {
        socket.close();
      }
    }
  }

  @Test
  void aSecondPublisherOfALiveNameIsRefused() throws Exception {
    publish("taken", 1024, 768);
    awaitLive("taken");

    Ffmpeg.Running second = publish("taken", 640, 480);
    await().atMost(Duration.ofSeconds(20)).until(() -> !second.isAlive());
    assertThat(server.log()).contains("already being published");
    assertThat(Ffmpeg.probeStreams(server.flvUrl("taken")).stdout()).contains("width=1024");
  }

  @Test
  void aStreamNobodyPublishesIsNotFoundAfterTheWait() throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(server.flvUrl("nobody")))
                .timeout(Duration.ofSeconds(20))
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(404);
  }

  @Test
  void healthReadinessAndMetricsAnswer() throws Exception {
    publish("metered", 1024, 768);
    awaitLive("metered");

    assertThat(get("/healthz").statusCode()).isEqualTo(200);
    assertThat(get("/readyz").statusCode()).isEqualTo(200);
    String metrics = internal("/metrics").body();
    assertThat(metrics)
        .contains("streamcluster_publishers")
        .contains("streamcluster_ingest_bytes_total")
        .contains("streamcluster_stream_subscribers{stream=\"metered\"}");
  }

  private Ffmpeg.Running publish(String stream, int width, int height) throws Exception {
    Ffmpeg.Running publisher = Ffmpeg.publish(server.rtmpUrl(stream), width, height);
    publishers.add(publisher);
    return publisher;
  }

  private void awaitLive(String stream) {
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> internal("/metrics").body().contains("stream=\"" + stream + "\""));
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(server.httpUrl(path))).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** On the internal port: metrics. */
  private HttpResponse<String> internal(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(server.internalUrl(path))).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private double metric(String name) throws Exception {
    for (String line : internal("/metrics").body().split("\n")) {
      if (line.startsWith(name + " ")) {
        return Double.parseDouble(line.substring(name.length() + 1).trim());
      }
    }
    return 0;
  }
}
