package io.streamcluster.media.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PublishTokensTest {

  private static final byte[] SECRET = "0123456789abcdef0123".getBytes(StandardCharsets.UTF_8);
  private final Clock now = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
  private final PublishTokens tokens = new PublishTokens(SECRET, now);

  @Test
  void anIssuedTokenIsAcceptedForItsStream() {
    StreamKey key = StreamKey.parse(tokens.issue("cam", Duration.ofHours(1)));

    assertThat(tokens.verify(key.name(), key.query())).isEqualTo(PublishTokens.Verdict.ACCEPTED);
  }

  @Test
  void aTokenForAnotherStreamIsRefused() {
    StreamKey key = StreamKey.parse(tokens.issue("cam", Duration.ofHours(1)));

    assertThat(tokens.verify("other", key.query())).isEqualTo(PublishTokens.Verdict.INVALID);
  }

  @Test
  void anExpiredTokenIsRefused() {
    PublishTokens earlier = new PublishTokens(SECRET, Clock.offset(now, Duration.ofHours(-2)));
    StreamKey key = StreamKey.parse(earlier.issue("cam", Duration.ofHours(1)));

    assertThat(tokens.verify("cam", key.query())).isEqualTo(PublishTokens.Verdict.EXPIRED);
  }

  @Test
  void aMissingOrMalformedTokenIsRefusedWithAReason() {
    assertThat(tokens.verify("cam", Map.of())).isEqualTo(PublishTokens.Verdict.MISSING);
    assertThat(tokens.verify("cam", Map.of("expires", "soon", "token", "x")))
        .isEqualTo(PublishTokens.Verdict.MALFORMED);
    assertThat(PublishTokens.Verdict.MISSING.message()).contains("?expires=");
  }

  @Test
  void aTokenSignedWithAnotherSecretIsRefused() {
    PublishTokens other =
        new PublishTokens("another-secret-of-enough-length".getBytes(StandardCharsets.UTF_8), now);
    StreamKey key = StreamKey.parse(other.issue("cam", Duration.ofHours(1)));

    assertThat(tokens.verify("cam", key.query())).isEqualTo(PublishTokens.Verdict.INVALID);
  }
}
