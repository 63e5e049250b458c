package io.streamcluster.media.clusterapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClusterSecretTest {

  private static final byte[] BODY = "{\"id\":\"a\"}".getBytes(StandardCharsets.UTF_8);
  private static final String PATH = "/api/v1/edges/a/checkin";
  private final Clock clock = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
  private final ClusterSecret secret = secret("cluster-secret-0123456789", clock);

  @Test
  void aSignedRequestIsAcceptedWithItsNonce() {
    ClusterSecret.SignedRequest signed = secret.signRequest("POST", PATH, BODY);

    ClusterSecret.Verification verification =
        secret.verify(signed.authorization(), "POST", PATH, BODY);
    assertThat(verification.valid()).isTrue();
    assertThat(verification.nonce()).isEqualTo(signed.nonce());
    assertThat(verification.time()).isEqualTo(clock.instant().getEpochSecond());
    assertThat(signed.authorization())
        .startsWith("StreamCluster t=")
        .contains(",n=" + signed.nonce() + ",sig=")
        .doesNotContain("cluster-secret");
  }

  @Test
  void everyRequestGetsAFreshNonce() {
    assertThat(secret.signRequest("GET", "/api/v1/cluster", new byte[0]).nonce())
        .isNotEqualTo(secret.signRequest("GET", "/api/v1/cluster", new byte[0]).nonce());
  }

  @Test
  void anotherSecretAnotherPathOrAnotherBodyIsRefused() {
    String header = secret.sign("POST", PATH, BODY);

    assertThat(
            secret("another-secret-0123456789", clock).verify(header, "POST", PATH, BODY).problem())
        .isEqualTo("wrong cluster signature");
    assertThat(secret.verify(header, "POST", "/api/v1/edges/a/drain", BODY).valid()).isFalse();
    assertThat(secret.verify(header, "POST", PATH, new byte[0]).valid()).isFalse();
    assertThat(secret.verify(header.replace(",n=", ",n=x"), "POST", PATH, BODY).valid()).isFalse();
    assertThat(secret.verify(null, "POST", PATH, BODY).problem()).isEqualTo("no credentials");
    assertThat(secret.verify("Bearer x", "POST", PATH, BODY).valid()).isFalse();
  }

  @Test
  void aSignatureWithoutNonceAsOlderVersionsMadeIsRefused() {
    String withoutNonce = secret.sign("POST", PATH, BODY).replaceAll(",n=[^,]*", "");

    assertThat(secret.verify(withoutNonce, "POST", PATH, BODY).problem())
        .startsWith("malformed cluster signature");
  }

  @Test
  void aStaleSignatureIsRefused() {
    String old =
        secret("cluster-secret-0123456789", Clock.offset(clock, Duration.ofMinutes(-5)))
            .sign("POST", "/p", BODY);

    assertThat(secret.verify(old, "POST", "/p", BODY).problem())
        .isEqualTo("stale cluster signature");
  }

  @Test
  void aReplyIsSignedForItsRequestsNonceStatusAndBody() {
    String nonce = secret.signRequest("GET", "/api/v1/cluster", new byte[0]).nonce();
    String reply = secret.signReply(nonce, 200, BODY);

    assertThat(secret.verifyReply(reply, nonce, 200, BODY)).isTrue();
    String otherNonce = secret.signRequest("GET", "/api/v1/cluster", new byte[0]).nonce();
    assertThat(secret.verifyReply(reply, otherNonce, 200, BODY)).as("another request").isFalse();
    assertThat(secret.verifyReply(reply, nonce, 404, BODY)).as("another status").isFalse();
    assertThat(secret.verifyReply(reply, nonce, 200, new byte[0])).as("another body").isFalse();
    assertThat(secret.verifyReply(null, nonce, 200, BODY)).as("unsigned").isFalse();
    assertThat(secret("another-secret-0123456789", clock).verifyReply(reply, nonce, 200, BODY))
        .as("another secret")
        .isFalse();
  }

  @Test
  void aRequestSignatureDoesNotPassAsAReply() {
    ClusterSecret.SignedRequest request = secret.signRequest("POST", PATH, BODY);
    String asReply = request.authorization().substring(ClusterSecret.SCHEME.length());

    assertThat(secret.verifyReply(asReply, request.nonce(), 200, BODY)).isFalse();
  }

  @Test
  void duringARotationTheFirstSecretSignsAndEverySecretVerifies() {
    ClusterSecret old = secret("the-old-cluster-secret-01", clock);
    ClusterSecret renewed = secret("the-new-cluster-secret-02", clock);
    ClusterSecret rotating =
        ClusterSecret.parse(
            "the-new-cluster-secret-02\nthe-old-cluster-secret-01\n"
                .getBytes(StandardCharsets.UTF_8),
            clock);

    assertThat(rotating.verify(old.sign("POST", PATH, BODY), "POST", PATH, BODY).valid()).isTrue();
    assertThat(rotating.verify(renewed.sign("POST", PATH, BODY), "POST", PATH, BODY).valid())
        .isTrue();
    String signed = rotating.sign("POST", PATH, BODY);
    assertThat(renewed.verify(signed, "POST", PATH, BODY).valid())
        .as("signed with the first")
        .isTrue();
    assertThat(old.verify(signed, "POST", PATH, BODY).valid()).isFalse();
  }

  @Test
  void aSecretShorterThan16BytesOrNoneAtAllIsRefused() {
    assertThatThrownBy(() -> ClusterSecret.parse("long-enough-secret-0\nshort".getBytes(), clock))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageNotContaining("short");
    assertThatThrownBy(() -> new ClusterSecret(List.of(), clock))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static ClusterSecret secret(String value, Clock clock) {
    return new ClusterSecret(value.getBytes(StandardCharsets.UTF_8), clock);
  }
}
