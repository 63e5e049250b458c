package io.streamcluster.media.auth;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.streamcluster.media.clusterapi.ClusterSecret;
import io.streamcluster.media.testing.MountedSecret;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * A rotation of a mounted Secret, as an operator performs it ("old", then "new\nold", then "new"),
 * taken up by the same tokens and cluster secret objects a running server holds: no restart.
 */
class MountedSecretsTest {

  private static final String KEY = "secret";
  private static final String OLD = "old-secret-0123456789";
  private static final String NEW = "new-secret-0123456789";

  @TempDir Path dir;
  private final ListAppender<ILoggingEvent> log = new ListAppender<>();
  private final Logger logger = (Logger) LoggerFactory.getLogger(MountedSecrets.class);

  @BeforeEach
  void captureLog() {
    log.start();
    logger.addAppender(log);
  }

  @AfterEach
  void releaseLog() {
    logger.detachAppender(log);
  }

  @Test
  void anOldTokenIsValidWhileBothLinesArePresentAndRefusedOnceTheOldLineIsRemoved()
      throws IOException {
    MountedSecret mounted = MountedSecret.of(dir, KEY, OLD + "\n");
    MountedSecrets secrets = MountedSecrets.read("publish tokens", mounted.file(KEY));
    StreamTokens tokens =
        new StreamTokens(StreamTokens.Purpose.PUBLISH, secrets, Clock.systemUTC());
    String oldToken = issue(OLD, "cam");
    String newToken = issue(NEW, "cam");
    assertThat(accepted(tokens, oldToken)).isTrue();
    assertThat(accepted(tokens, newToken)).isFalse();

    mounted.update(Map.of(KEY, NEW + "\n" + OLD + "\n"));
    assertThat(secrets.reloadIfChanged()).isTrue();
    assertThat(accepted(tokens, oldToken)).as("the old line still verifies").isTrue();
    assertThat(accepted(tokens, newToken)).isTrue();
    assertThat(accepted(only(NEW), tokens.issue("cam", Duration.ofHours(1))))
        .as("the first line signs")
        .isTrue();

    mounted.update(Map.of(KEY, NEW + "\n"));
    assertThat(secrets.reloadIfChanged()).isTrue();
    assertThat(accepted(tokens, oldToken)).as("the old line is gone").isFalse();
    assertThat(accepted(tokens, newToken)).isTrue();
    assertThat(secrets.reloadIfChanged()).as("nothing changed since").isFalse();

    assertThat(messages())
        .contains(
            "Secrets of publish tokens reloaded from " + mounted.file(KEY) + ": 2 secret(s)",
            "Secrets of publish tokens reloaded from " + mounted.file(KEY) + ": 1 secret(s)");
    assertThat(String.join("\n", messages())).doesNotContain(OLD, NEW);
  }

  @Test
  void aFileThatBecomesEmptyUnreadableOrTooShortKeepsTheLastGoodSecretsAndWarnsOnce()
      throws IOException {
    MountedSecret mounted = MountedSecret.of(dir, KEY, NEW + "\n" + OLD + "\n");
    MountedSecrets secrets = MountedSecrets.read("play tokens", mounted.file(KEY));
    StreamTokens tokens =
        new StreamTokens(StreamTokens.Purpose.PUBLISH, secrets, Clock.systemUTC());
    String oldToken = issue(OLD, "cam");

    mounted.update(Map.of(KEY, "\n  \n"));
    assertThat(secrets.reloadIfChanged()).isFalse();
    assertThat(secrets.reloadIfChanged()).isFalse();
    mounted.update(Map.of(KEY, NEW + "\ntiny-secret\n"));
    assertThat(secrets.reloadIfChanged()).isFalse();
    mounted.update(Map.of());
    assertThat(secrets.reloadIfChanged()).as("the key is gone: unreadable").isFalse();
    assertThat(secrets.reloadIfChanged()).isFalse();

    assertThat(accepted(tokens, oldToken)).as("the last good secrets are in use").isTrue();
    assertThat(secrets.get().count()).isEqualTo(2);
    assertThat(messages())
        .as("one warning for each bad content")
        .hasSize(3)
        .allSatisfy(message -> assertThat(message).contains("play tokens", "2 secret(s)"));
    assertThat(log.list)
        .allSatisfy(event -> assertThat(event.getLevel().toString()).isEqualTo("WARN"));
    assertThat(String.join("\n", messages())).doesNotContain(OLD, NEW, "tiny-secret");

    mounted.update(Map.of(KEY, NEW + "\n"));
    assertThat(secrets.reloadIfChanged()).as("a good file again").isTrue();
    assertThat(accepted(tokens, oldToken)).isFalse();
  }

  @Test
  void theClusterSecretRotatesWithItsFile() throws IOException {
    MountedSecret mounted = MountedSecret.of(dir, KEY, NEW + "\n" + OLD + "\n");
    MountedSecrets secrets = MountedSecrets.read("the cluster API", mounted.file(KEY));
    ClusterSecret origin = new ClusterSecret(secrets, Clock.systemUTC());
    ClusterSecret oldEdge =
        new ClusterSecret(OLD.getBytes(StandardCharsets.UTF_8), Clock.systemUTC());
    byte[] body = "{}".getBytes(StandardCharsets.UTF_8);

    String checkIn = oldEdge.sign("POST", "/api/v1/edges/e1/checkin", body);
    assertThat(origin.verify(checkIn, "POST", "/api/v1/edges/e1/checkin", body).valid()).isTrue();

    mounted.update(Map.of(KEY, NEW + "\n"));
    assertThat(secrets.reloadIfChanged()).isTrue();
    String laterCheckIn = oldEdge.sign("POST", "/api/v1/edges/e1/checkin", body);
    assertThat(origin.verify(laterCheckIn, "POST", "/api/v1/edges/e1/checkin", body).problem())
        .isEqualTo("wrong cluster signature");
  }

  private static StreamTokens only(String secret) {
    return new StreamTokens(
        StreamTokens.Purpose.PUBLISH,
        Secrets.of(secret.getBytes(StandardCharsets.UTF_8)),
        Clock.systemUTC());
  }

  private static String issue(String secret, String stream) {
    return only(secret).issue(stream, Duration.ofHours(1));
  }

  private static boolean accepted(StreamTokens tokens, String signedKey) {
    StreamKey key = StreamKey.parse(signedKey);
    return tokens.verify(key.name(), key.query()).accepted();
  }

  private List<String> messages() {
    return log.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
  }
}
