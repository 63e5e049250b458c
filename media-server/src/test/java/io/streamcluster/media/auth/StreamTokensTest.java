package io.streamcluster.media.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StreamTokensTest {

  private static final byte[] SECRET = "0123456789abcdef0123".getBytes(StandardCharsets.UTF_8);
  private static final byte[] NEW_SECRET = "fedcba9876543210fedc".getBytes(StandardCharsets.UTF_8);
  private final Clock now = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
  private final StreamTokens tokens = publish(Secrets.of(SECRET));

  private StreamTokens publish(Secrets secrets) {
    return new StreamTokens(StreamTokens.Purpose.PUBLISH, secrets, now);
  }

  private static StreamTokens.Verdict verdict(StreamTokens tokens, String stream, String issued) {
    return tokens.verify(stream, StreamKey.parse(issued).query()).verdict();
  }

  @Test
  void anIssuedTokenIsAcceptedForItsStream() {
    assertThat(verdict(tokens, "cam", tokens.issue("cam", Duration.ofHours(1))))
        .isEqualTo(StreamTokens.Verdict.ACCEPTED);
  }

  @Test
  void aTokenForAnotherStreamIsRefused() {
    assertThat(verdict(tokens, "other", tokens.issue("cam", Duration.ofHours(1))))
        .isEqualTo(StreamTokens.Verdict.INVALID);
  }

  @Test
  void anExpiredTokenIsRefused() {
    StreamTokens earlier =
        new StreamTokens(
            StreamTokens.Purpose.PUBLISH,
            Secrets.of(SECRET),
            Clock.offset(now, Duration.ofHours(-2)));
    assertThat(verdict(tokens, "cam", earlier.issue("cam", Duration.ofHours(1))))
        .isEqualTo(StreamTokens.Verdict.EXPIRED);
  }

  @Test
  void missingAndMalformedTokensAreToldApart() {
    assertThat(tokens.verify("cam", Map.of()).verdict()).isEqualTo(StreamTokens.Verdict.MISSING);
    assertThat(tokens.verify("cam", Map.of("expires", "soon", "token", "x")).verdict())
        .isEqualTo(StreamTokens.Verdict.MALFORMED);
    assertThat(StreamTokens.Verdict.MISSING.message(StreamTokens.Purpose.PUBLISH))
        .contains("publishing requires a token")
        .contains("?expires=");
  }

  @Test
  void aTokenSignedWithAnotherSecretIsRefused() {
    StreamTokens other = publish(Secrets.of(NEW_SECRET));
    assertThat(verdict(tokens, "cam", other.issue("cam", Duration.ofHours(1))))
        .isEqualTo(StreamTokens.Verdict.INVALID);
  }

  @Test
  void theSubjectIsSignedAndReturned() {
    String issued = tokens.issue("cam", Duration.ofHours(1), "studio-a");
    StreamTokens.Check check = tokens.verify("cam", StreamKey.parse(issued).query());

    assertThat(issued).contains("&sub=studio-a&");
    assertThat(check.accepted()).isTrue();
    assertThat(check.subject()).isEqualTo("studio-a");
    String forged = issued.replace("sub=studio-a", "sub=stranger");
    assertThat(verdict(tokens, "cam", forged)).isEqualTo(StreamTokens.Verdict.INVALID);
  }

  @Test
  void duringARotationTokensOfTheOldAndTheNewSecretAreAcceptedAndTheNewOneSigns() {
    StreamTokens old = publish(Secrets.of(SECRET));
    StreamTokens rotating = publish(Secrets.of(NEW_SECRET, SECRET));
    StreamTokens rotated = publish(Secrets.of(NEW_SECRET));

    String oldKey = old.issue("cam", Duration.ofHours(1));
    String newKey = rotating.issue("cam", Duration.ofHours(1));
    assertThat(verdict(rotating, "cam", oldKey)).isEqualTo(StreamTokens.Verdict.ACCEPTED);
    assertThat(verdict(rotating, "cam", newKey)).isEqualTo(StreamTokens.Verdict.ACCEPTED);
    assertThat(verdict(rotated, "cam", newKey)).isEqualTo(StreamTokens.Verdict.ACCEPTED);
    assertThat(verdict(rotated, "cam", oldKey)).isEqualTo(StreamTokens.Verdict.INVALID);
  }

  @Test
  void aPublishTokenIsNoPlayTokenUnderTheSameSecret() {
    StreamTokens play = new StreamTokens(StreamTokens.Purpose.PLAY, Secrets.of(SECRET), now);
    String publishKey = tokens.issue("cam", Duration.ofHours(1));
    String playKey = play.issue("cam", Duration.ofHours(1));

    assertThat(verdict(play, "cam", publishKey)).isEqualTo(StreamTokens.Verdict.INVALID);
    assertThat(verdict(tokens, "cam", playKey)).isEqualTo(StreamTokens.Verdict.INVALID);
    assertThat(verdict(play, "cam", playKey)).isEqualTo(StreamTokens.Verdict.ACCEPTED);
  }
}
