package io.streamcluster.media.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.streamcluster.media.hls.MediaPlaylist;
import io.streamcluster.media.testing.Command;
import io.streamcluster.media.testing.Ffmpeg;
import io.streamcluster.media.testing.HlsClient;
import io.streamcluster.media.testing.MediaServerProcess;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** LL-HLS from a standalone server, read by ffmpeg, ffprobe and a test player. */
class HlsIT {

  private static MediaServerProcess server;
  private static Ffmpeg.Running publisher;
  private final List<AutoCloseable> started = new ArrayList<>();

  @BeforeAll
  static void startServerAndPublisher() throws Exception {
    server = MediaServerProcess.start("standalone");
    publisher = Ffmpeg.publish(server.rtmpUrl("cam"), 640, 360, 800);
  }

  @AfterAll
  static void stop() throws Exception {
    publisher.close();
    server.close();
  }

  @AfterEach
  void stopPlayers() throws Exception {
    for (AutoCloseable closeable : started) {
      closeable.close();
    }
  }

  private static String index(String stream) {
    return server.httpUrl("/live/" + stream + "/index.m3u8");
  }

  @Test
  void ffprobeAndFfmpegReadTheHlsStreamAndDecodeH264AndAacWithoutErrors() {
    Command.Result probe = Ffmpeg.probeStreams(index("cam"));
    assertThat(probe.succeeded()).as(probe.stderr()).isTrue();
    assertThat(probe.stdout())
        .contains("codec_name=h264", "width=640", "height=360", "codec_name=aac");

    Command.Result play =
        Ffmpeg.run(
            Duration.ofSeconds(60), Ffmpeg.decodeCommand(index("cam"), 6).toArray(String[]::new));
    assertThat(play.succeeded()).as(play.stderr()).isTrue();
    assertThat(play.stderr()).as("decoder errors").isBlank();
  }

  @Test
  void thePlaylistIsValidLowLatencyHlsAndItsSequenceNeverGoesBack() throws Exception {
    HlsClient player = new HlsClient(index("cam"));
    long lastOpenMsn = -1;
    long lastMediaSequence = -1;
    long deadline = System.nanoTime() + Duration.ofSeconds(6).toNanos();
    int reloads = 0;
    while (System.nanoTime() < deadline) {
      MediaPlaylist playlist = player.media();
      reloads++;
      assertThat(playlist.version()).isGreaterThanOrEqualTo(6);
      assertThat(playlist.partTarget()).isBetween(0.2, 0.4);
      MediaPlaylist.ServerControl control = playlist.serverControl();
      assertThat(control.canBlockReload()).isTrue();
      assertThat(control.partHoldBack()).isGreaterThanOrEqualTo(2 * playlist.partTarget());
      assertThat(control.canSkipUntil()).isGreaterThanOrEqualTo(6.0 * playlist.targetDuration());
      assertThat(playlist.preloadHint()).isNotNull();
      assertThat(playlist.preloadHint().type()).isEqualTo("PART");
      assertThat(playlist.segments()).isNotEmpty();
      assertThat(playlist.segments().get(0).map()).isNotNull();
      for (MediaPlaylist.Segment segment : playlist.segments()) {
        assertThat(Math.round(segment.duration())).isLessThanOrEqualTo(playlist.targetDuration());
        assertThat(segment.programDateTime()).isNotNull();
        for (MediaPlaylist.Part part : segment.parts()) {
          assertThat(part.duration()).isLessThanOrEqualTo(playlist.partTarget());
        }
      }
      for (MediaPlaylist.Part part : playlist.openParts()) {
        assertThat(part.duration()).isLessThanOrEqualTo(playlist.partTarget());
      }
      assertThat(playlist.mediaSequence()).isGreaterThanOrEqualTo(lastMediaSequence);
      assertThat(playlist.openMsn()).isGreaterThanOrEqualTo(lastOpenMsn);
      lastMediaSequence = playlist.mediaSequence();
      lastOpenMsn = playlist.openMsn();
      long[] last = playlist.lastPart();
      player.media(last[0], (int) last[1] + 1); // as a low-latency player: wait for the next part
    }
    assertThat(reloads).isGreaterThan(5);
  }

  @Test
  void aBlockingReloadForTheNextPartReturnsOnceThatPartExistsAndNotBefore() throws Exception {
    HlsClient player = new HlsClient(index("cam"));
    HlsClient watcher = new HlsClient(index("cam"));
    MediaPlaylist now = player.media();
    long msn = now.openMsn();
    int part = now.openParts().size(); // the part being cut right now
    long sentAt = System.nanoTime();
    CompletableFuture<Long> answeredAt =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                MediaPlaylist after = player.media(msn, part);
                assertThat(contains(after, msn, part)).isTrue();
                return System.nanoTime();
              } catch (Exception e) {
                throw new RuntimeException(e);
              }
            });
    long lastMissingSentAt = sentAt;
    while (true) {
      long pollSentAt = System.nanoTime();
      if (contains(watcher.media(), msn, part)) {
        break;
      }
      lastMissingSentAt = pollSentAt;
      Thread.sleep(5);
    }
    long answered = answeredAt.get();
    assertThat(answered)
        .as("answered after a plain reload still lacked the part")
        .isGreaterThan(lastMissingSentAt);
    assertThat(Duration.ofNanos(answered - sentAt)).isLessThan(Duration.ofSeconds(2));
  }

  @Test
  void theHintedPartIsSentAsSoonAsItIsComplete() throws Exception {
    HlsClient player = new HlsClient(index("cam"));
    MediaPlaylist now = player.media();
    String hinted = now.preloadHint().uri();

    HttpResponse<byte[]> part = player.get(hinted);

    assertThat(part.statusCode()).isEqualTo(200);
    assertThat(part.headers().firstValue("content-type")).hasValue("video/iso.segment");
    assertThat(part.headers().firstValue("cache-control").orElse("")).contains("immutable");
    assertThat(new String(part.body(), 4, 4, java.nio.charset.StandardCharsets.US_ASCII))
        .isEqualTo("moof");
    assertThat(
            player.media().openParts().stream()
                    .map(MediaPlaylist.Part::uri)
                    .toList()
                    .contains(hinted)
                || player.media().segments().stream()
                    .anyMatch(s -> s.parts().stream().anyMatch(p -> p.uri().equals(hinted))))
        .isTrue();
  }

  @Test
  void playersAskingForRangesGetThem() throws Exception {
    HlsClient player = new HlsClient(index("cam"));
    MediaPlaylist playlist = player.media();
    String segment = playlist.segments().get(playlist.segments().size() - 1).uri();
    java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();

    HttpResponse<byte[]> range =
        http.send(
            java.net.http.HttpRequest.newBuilder(player.mediaUri().resolve(segment))
                .header("Range", "bytes=0-7")
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());

    assertThat(range.statusCode()).isEqualTo(206);
    assertThat(range.body()).hasSize(8);
    assertThat(range.headers().firstValue("content-range").orElseThrow()).startsWith("bytes 0-7/");
    assertThat(range.headers().firstValue("access-control-allow-origin")).hasValue("*");
  }

  @Test
  void aRepublishAtANewSizeReachesAnHlsPlayerAfterADiscontinuity() throws Exception {
    Ffmpeg.Running first = Ffmpeg.publish(server.rtmpUrl("resize"), 640, 360, 600);
    started.add(first);
    Ffmpeg.Running player = Ffmpeg.videoReader(index("resize"), "frame=width,height");
    started.add(player);
    await("the player decodes 640x360")
        .atMost(Duration.ofSeconds(30))
        .until(() -> player.printed().contains("640,360"));

    first.close();
    Ffmpeg.Running second = Ffmpeg.publish(server.rtmpUrl("resize"), 1024, 768, 900);
    started.add(second);

    await("the same player decodes 1024x768")
        .atMost(Duration.ofSeconds(40))
        .until(() -> player.printed().contains("1024,768"));
    assertThat(player.isAlive()).isTrue();
    String playlist = new HlsClient(index("resize")).mediaText("");
    assertThat(playlist).contains("#EXT-X-DISCONTINUITY");
    assertThat(
            MediaPlaylist.parse(playlist).segments().stream()
                .map(MediaPlaylist.Segment::map)
                .distinct())
        .as("a new initialization section follows the discontinuity")
        .hasSize(2);
  }

  private static boolean contains(MediaPlaylist playlist, long msn, int part) {
    long[] last = playlist.lastPart();
    return last[0] > msn || (last[0] == msn && last[1] >= part);
  }
}
