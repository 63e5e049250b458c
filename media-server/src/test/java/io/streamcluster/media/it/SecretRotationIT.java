package io.streamcluster.media.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.streamcluster.media.auth.Secrets;
import io.streamcluster.media.auth.StreamTokens;
import io.streamcluster.media.testing.Command;
import io.streamcluster.media.testing.Ffmpeg;
import io.streamcluster.media.testing.MediaServerProcess;
import io.streamcluster.media.testing.MountedSecret;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A publish secret rotated the way a Kubernetes Secret is ("old", then "new\nold", then "new", each
 * an atomic swap of the mounted directory) while a real server process runs: each step is taken up
 * within seconds, with no restart.
 */
class SecretRotationIT {

  private static final String KEY = "secret";
  private static final String OLD = "publish-secret-old-0123456789";
  private static final String NEW = "publish-secret-new-0123456789";

  @TempDir Path dir;

  @Test
  void aRotatedPublishSecretTakesEffectWithoutARestart() throws Exception {
    MountedSecret mounted = MountedSecret.of(dir.resolve("publish-tokens"), KEY, OLD + "\n");
    StreamTokens oldTokens = tokens(OLD);
    StreamTokens newTokens = tokens(NEW);
    try (MediaServerProcess server =
        MediaServerProcess.start(
            "standalone", "--publish-secret-file", mounted.file(KEY).toString())) {
      assertThat(publishes(server, newTokens.issue("before", Duration.ofHours(1)), "before"))
          .as("a token of the new secret before the rotation")
          .isFalse();

      mounted.update(Map.of(KEY, NEW + "\n" + OLD + "\n"));
      awaitReloaded(server, mounted.file(KEY), 2);
      assertThat(
              publishes(server, newTokens.issue("window-new", Duration.ofHours(1)), "window-new"))
          .as("the new secret during the rotation window")
          .isTrue();
      assertThat(
              publishes(server, oldTokens.issue("window-old", Duration.ofHours(1)), "window-old"))
          .as("the old secret during the rotation window")
          .isTrue();

      mounted.update(Map.of(KEY, NEW + "\n"));
      awaitReloaded(server, mounted.file(KEY), 1);
      assertThat(publishes(server, oldTokens.issue("after-old", Duration.ofHours(1)), "after-old"))
          .as("the old secret after its line was removed")
          .isFalse();
      assertThat(publishes(server, newTokens.issue("after-new", Duration.ofHours(1)), "after-new"))
          .isTrue();
      assertThat(server.log()).doesNotContain(OLD, NEW).contains("the publish token is not valid");
    }
  }

  private static void awaitReloaded(MediaServerProcess server, Path file, int count) {
    String reloaded =
        "Secrets of publish tokens reloaded from " + file + ": " + count + " secret(s)";
    await().atMost(Duration.ofSeconds(20)).until(() -> server.log().contains(reloaded));
  }

  /** Whether a publisher with {@code key} gets its stream played (an H.264 stream probed). */
  private static boolean publishes(MediaServerProcess server, String key, String stream)
      throws Exception {
    try (Ffmpeg.Running publisher = Ffmpeg.publish(server.rtmpUrl(key), 320, 240)) {
      Command.Result probe = Ffmpeg.probeStreams(server.flvUrl(stream));
      return probe.stdout().contains("codec_name=h264");
    }
  }

  private static StreamTokens tokens(String secret) {
    return new StreamTokens(
        StreamTokens.Purpose.PUBLISH,
        Secrets.of(secret.getBytes(StandardCharsets.UTF_8)),
        Clock.systemUTC());
  }
}
