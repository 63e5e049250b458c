package io.streamcluster.media.clusterapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class ClusterSecretTest {

  private static final byte[] BODY = "{\"id\":\"a\"}".getBytes(StandardCharsets.UTF_8);
  private final Clock clock = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
  private final ClusterSecret secret = secret("cluster-secret-0123456789", clock);

  @Test
  void aSignedRequestIsAccepted() {
    String header = secret.sign("POST", "/api/v1/edges/a/checkin", BODY);

    assertThat(secret.verify(header, "POST", "/api/v1/edges/a/checkin", BODY)).isTrue();
    assertThat(header).doesNotContain("cluster-secret");
  }

  @Test
  void anotherSecretAnotherPathOrAnotherBodyIsRefused() {
    String header = secret.sign("POST", "/api/v1/edges/a/checkin", BODY);

    assertThat(
            secret("another-secret-0123456789", clock)
                .verify(header, "POST", "/api/v1/edges/a/checkin", BODY))
        .isFalse();
    assertThat(secret.verify(header, "POST", "/api/v1/edges/a/drain", BODY)).isFalse();
    assertThat(secret.verify(header, "POST", "/api/v1/edges/a/checkin", new byte[0])).isFalse();
    assertThat(secret.verify(null, "POST", "/api/v1/edges/a/checkin", BODY)).isFalse();
    assertThat(secret.verify("Bearer x", "POST", "/api/v1/edges/a/checkin", BODY)).isFalse();
  }

  @Test
  void aStaleSignatureIsRefused() {
    String old =
        secret("cluster-secret-0123456789", Clock.offset(clock, Duration.ofMinutes(-5)))
            .sign("POST", "/p", BODY);

    assertThat(secret.verify(old, "POST", "/p", BODY)).isFalse();
  }

  private static ClusterSecret secret(String value, Clock clock) {
    return new ClusterSecret(value.getBytes(StandardCharsets.UTF_8), clock);
  }
}
