package io.streamcluster.media.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.streamcluster.media.auth.Secrets;
import io.streamcluster.media.auth.StreamTokens;
import io.streamcluster.media.testing.Command;
import io.streamcluster.media.testing.Ffmpeg;
import io.streamcluster.media.testing.HlsClient;
import io.streamcluster.media.testing.MediaServerProcess;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Who may publish and play, against a real server process: publish tokens with subjects and a
 * publish webhook, play tokens and a play webhook, on RTMP and HTTP-FLV; and a stranger who tries
 * to take the name of a publisher that dropped while its players wait. The secrets are files of two
 * lines (a rotation window); neither ever reaches the server's log.
 */
class StreamAccessIT {

  private static final String PUBLISH_SECRET = "publish-secret-new-0123456789";
  private static final String OLD_PUBLISH_SECRET = "publish-secret-old-0123456789";
  private static final String PLAY_SECRET = "play-secret-0123456789abcdef";
  private static final List<String> webhookCalls = new CopyOnWriteArrayList<>();
  private static HttpServer webhook;
  private static MediaServerProcess server;
  private static Path secrets;
  private static StreamTokens publishTokens;
  private static StreamTokens oldPublishTokens;
  private static StreamTokens playTokens;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    webhook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    webhook.createContext("/publish", StreamAccessIT::publishHook);
    webhook.createContext("/play", StreamAccessIT::playHook);
    webhook.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
    webhook.start();
    secrets = Files.createTempDirectory("stream-access");
    Path publishFile = secrets.resolve("publish");
    Files.writeString(publishFile, PUBLISH_SECRET + "\n" + OLD_PUBLISH_SECRET + "\n");
    Path playFile = secrets.resolve("play");
    Files.writeString(playFile, PLAY_SECRET + "\n");
    publishTokens =
        new StreamTokens(
            StreamTokens.Purpose.PUBLISH, Secrets.of(PUBLISH_SECRET.getBytes()), Clock.systemUTC());
    oldPublishTokens =
        new StreamTokens(
            StreamTokens.Purpose.PUBLISH,
            Secrets.of(OLD_PUBLISH_SECRET.getBytes()),
            Clock.systemUTC());
    playTokens =
        new StreamTokens(
            StreamTokens.Purpose.PLAY, Secrets.of(PLAY_SECRET.getBytes()), Clock.systemUTC());
    String hook = "http://127.0.0.1:" + webhook.getAddress().getPort();
    server =
        MediaServerProcess.start(
            "standalone",
            "--publish-secret-file",
            publishFile.toString(),
            "--play-secret-file",
            playFile.toString(),
            "--publish-webhook-url",
            hook + "/publish",
            "--play-webhook-url",
            hook + "/play",
            "--webhook-timeout-ms",
            "2500",
            "--webhook-cache-seconds",
            "0");
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
    webhook.stop(0);
    for (String name : List.of("publish", "play")) {
      Files.deleteIfExists(secrets.resolve(name));
    }
    Files.deleteIfExists(secrets);
  }

  /** Refuses streams named "denied-..." with a reason; never answers for "slow-...". */
  private static void publishHook(HttpExchange exchange) throws IOException {
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    webhookCalls.add(body);
    if (body.contains("\"stream\":\"slow-")) {
      sleep(8000);
    }
    boolean denied = body.contains("\"stream\":\"denied-");
    answer(exchange, denied ? 403 : 200, denied ? "{\"reason\":\"not on the schedule\"}" : "{}");
  }

  /** Refuses players whose query says viewer=banned. */
  private static void playHook(HttpExchange exchange) throws IOException {
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    webhookCalls.add(body);
    boolean banned = body.contains("viewer=banned");
    answer(exchange, banned ? 401 : 204, banned ? "banned viewer" : "");
  }

  private static void answer(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      exchange.getResponseBody().write(bytes);
    }
    exchange.close();
  }

  @Test
  void aStrangerCannotTakeADroppedPublishersNameWhilePlayersWaitButThePublisherCan()
      throws Exception {
    String owner = publishTokens.issue("show", Duration.ofHours(1), "studio-a");
    Ffmpeg.Running first = Ffmpeg.publish(server.rtmpUrl(owner), 640, 480);
    try (WatchingPlayer player = WatchingPlayer.watch(flvUrl(playKey("show")))) {
      first.close();

      // A stranger with a valid token of its own (another subject) tries the name at once.
      String stranger = publishTokens.issue("show", Duration.ofHours(1), "studio-b");
      try (Ffmpeg.Running intruder = Ffmpeg.publish(server.rtmpUrl(stranger), 320, 240)) {
        await().atMost(Duration.ofSeconds(20)).until(() -> !intruder.isAlive());
      }
      assertThat(server.log()).contains("is kept for its publisher");

      try (Ffmpeg.Running back = Ffmpeg.publish(server.rtmpUrl(owner), 640, 480)) {
        player.assertStillReceiving();
        assertThat(back.isAlive()).isTrue();
      }
    } finally {
      first.close();
    }
  }

  @Test
  void aTokenOfTheOldSecretStillPublishesDuringTheRotation() throws Exception {
    String key = oldPublishTokens.issue("rotated", Duration.ofHours(1));
    try (Ffmpeg.Running publisher = Ffmpeg.publish(server.rtmpUrl(key), 640, 480)) {
      Command.Result probe = Ffmpeg.probeStreams(flvUrl(playKey("rotated")));
      assertThat(probe.stdout()).as(probe.stderr()).contains("codec_name=h264");
    }
    assertThat(server.log()).doesNotContain(PUBLISH_SECRET, OLD_PUBLISH_SECRET, PLAY_SECRET);
  }

  @Test
  void aPublishWebhookThatSaysNoIsObeyedWithItsReasonAndIsToldWhoAsks() throws Exception {
    String key = publishTokens.issue("denied-1", Duration.ofHours(1), "studio-c");
    try (Ffmpeg.Running publisher = Ffmpeg.publish(server.rtmpUrl(key), 640, 480)) {
      await().atMost(Duration.ofSeconds(20)).until(() -> !publisher.isAlive());
    }
    assertThat(server.log()).contains("not on the schedule");
    assertThat(webhookCalls)
        .anySatisfy(
            call ->
                assertThat(call)
                    .contains("\"action\":\"publish\"")
                    .contains("\"app\":\"live\"")
                    .contains("\"stream\":\"denied-1\"")
                    .contains("\"clientAddress\":\"127.0.0.1\"")
                    .contains("\"subject\":\"studio-c\"")
                    .contains("\"query\":\"expires="));
  }

  @Test
  void aPublishWebhookThatDoesNotAnswerInTimeRefuses() throws Exception {
    String key = publishTokens.issue("slow-1", Duration.ofHours(1));
    try (Ffmpeg.Running publisher = Ffmpeg.publish(server.rtmpUrl(key), 640, 480)) {
      await().atMost(Duration.ofSeconds(20)).until(() -> !publisher.isAlive());
    }
    assertThat(server.log()).contains("webhook did not answer");
  }

  @Test
  void playersNeedAValidPlayTokenOnRtmpAndHttpFlvAndThePlayWebhooksYes() throws Exception {
    String key = publishTokens.issue("guarded", Duration.ofHours(1));
    try (Ffmpeg.Running publisher = Ffmpeg.publish(server.rtmpUrl(key), 640, 480)) {
      String play = playKey("guarded");
      for (String url : List.of(flvUrl(play), server.rtmpUrl(play))) {
        Command.Result probe = Ffmpeg.probeStreams(url);
        assertThat(probe.stdout()).as(url + ": " + probe.stderr()).contains("codec_name=h264");
      }
      assertThat(status(server.flvUrl("guarded"))).isEqualTo(403);
      assertThat(status(flvUrl(publishTokens.issue("guarded", Duration.ofHours(1)))))
          .as("a publish key is no play key")
          .isEqualTo(403);
      assertThat(Ffmpeg.probeStreams(server.rtmpUrl("guarded")).succeeded()).isFalse();
      assertThat(status(flvUrl(play + "&viewer=banned"))).isEqualTo(403);
      assertThat(server.log()).contains("banned viewer").contains("playing requires a token");
    }
  }

  @Test
  void hlsPlaylistsNeedThePlayTokenWhichIndexHandsOnToTheMediaPlaylist() throws Exception {
    String key = publishTokens.issue("guarded-hls", Duration.ofHours(1));
    try (Ffmpeg.Running publisher = Ffmpeg.publish(server.rtmpUrl(key), 640, 480)) {
      String play = playKey("guarded-hls");
      String query = play.substring(play.indexOf('?'));
      String index = server.httpUrl("/live/guarded-hls/index.m3u8");

      HlsClient player = new HlsClient(index + query);
      URI media = player.mediaUri();
      assertThat(media.getRawQuery())
          .as("the media playlist's reloads carry the token")
          .contains("session=")
          .contains(query.substring(1));
      assertThat(player.media().segments()).isNotEmpty();
      Command.Result probe = Ffmpeg.probeStreams(index + query);
      assertThat(probe.stdout()).as(probe.stderr()).contains("codec_name=h264");

      assertThat(status(index)).as("no token").isEqualTo(403);
      assertThat(
              status(
                  index
                      + "?"
                      + publishTokens.issue("guarded-hls", Duration.ofHours(1)).split("\\?", 2)[1]))
          .as("a publish key is no play key")
          .isEqualTo(403);
      String session = media.getRawQuery().replaceAll(".*(session=[^&]+).*", "$1");
      assertThat(status(server.httpUrl("/live/guarded-hls/media.m3u8?" + session)))
          .as("a session without the token")
          .isEqualTo(403);
      assertThat(status(index + query + "&viewer=banned")).as("the webhook's no").isEqualTo(403);
    }
  }

  /** The HTTP-FLV URL of a signed key {@code name?query}: the query goes after ".flv". */
  private static String flvUrl(String key) {
    int q = key.indexOf('?');
    return q < 0 ? server.flvUrl(key) : server.flvUrl(key.substring(0, q)) + key.substring(q);
  }

  private static String playKey(String stream) {
    return playTokens.issue(stream, Duration.ofHours(1));
  }

  private int status(String url) throws Exception {
    return http.send(
            HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20)).build(),
            HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
