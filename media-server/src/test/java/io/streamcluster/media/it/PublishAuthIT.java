package io.streamcluster.media.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.streamcluster.media.testing.Command;
import io.streamcluster.media.testing.Ffmpeg;
import io.streamcluster.media.testing.MediaServerProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A server started with a publish secret accepts only publishers with a valid token. */
class PublishAuthIT {

  private static final String SECRET = "it-publish-secret-0123456789";
  private static Path secretFile;
  private static MediaServerProcess server;

  @BeforeAll
  static void startServer() throws Exception {
    secretFile =
        Files.createTempFile(
            "publish-secret",
            "",
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(secretFile, SECRET + "\n");
    server = MediaServerProcess.start("standalone", "--publish-secret-file", secretFile.toString());
  }

  @AfterAll
  static void stopServer() throws Exception {
    server.close();
    Files.deleteIfExists(secretFile);
  }

  @Test
  void aPublisherWithoutATokenIsRefusedWithAReasonAndTheSecretIsNeverLogged() throws Exception {
    try (Ffmpeg.Running publisher = Ffmpeg.publish(server.rtmpUrl("guarded"), 640, 480)) {
      await().atMost(Duration.ofSeconds(20)).until(() -> !publisher.isAlive());
      assertThat(publisher.process().exitValue()).isNotZero();
    }
    assertThat(server.log()).contains("publishing requires a token").doesNotContain(SECRET);
  }

  @Test
  void aPublisherWithABadTokenIsRefused() throws Exception {
    String url = server.rtmpUrl("guarded?expires=4102444800&token=forged");
    try (Ffmpeg.Running publisher = Ffmpeg.publish(url, 640, 480)) {
      await().atMost(Duration.ofSeconds(20)).until(() -> !publisher.isAlive());
    }
    assertThat(server.log()).contains("not valid for this stream").doesNotContain(SECRET);
  }

  @Test
  void aPublisherWithATokenFromTheTokenCommandIsAccepted() throws Exception {
    Command.Result token =
        Ffmpeg.run(
            Duration.ofSeconds(30),
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-jar",
            MediaServerProcess.JAR.toString(),
            "token",
            "--publish-secret-file",
            secretFile.toString(),
            "--stream",
            "signed",
            "--ttl",
            "PT1H");
    assertThat(token.succeeded()).as(token.stderr()).isTrue();
    String key = token.stdout().strip();
    assertThat(key).startsWith("signed?expires=").contains("&token=");

    try (Ffmpeg.Running publisher = Ffmpeg.publish(server.rtmpUrl(key), 640, 480)) {
      Command.Result probe = Ffmpeg.probeStreams(server.flvUrl("signed"));
      assertThat(probe.stdout()).as(probe.stderr()).contains("codec_name=h264");
      assertThat(publisher.isAlive()).isTrue();
    }
  }
}
