package io.streamcluster.media.clusterapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ReplayGuardTest {

  private static final byte[] BODY = "{}".getBytes(StandardCharsets.UTF_8);
  private final AtomicReference<Instant> now =
      new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));
  private final Clock clock =
      new Clock() {
        @Override
        public ZoneOffset getZone() {
          return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
          return this;
        }

        @Override
        public Instant instant() {
          return now.get();
        }
      };
  private final ClusterSecret secret =
      new ClusterSecret("replay-guard-test-secret".getBytes(StandardCharsets.UTF_8), clock);

  @Test
  void aCallIsAcceptedOnceAndItsReplayIsRefused() {
    ReplayGuard guard = new ReplayGuard(clock);
    ClusterSecret.Verification call = signedCall();

    assertThat(guard.refusal(call)).isNull();
    assertThat(guard.refusal(call)).isEqualTo("replayed cluster call (nonce seen before)");
    assertThat(guard.refusal(signedCall())).as("another call").isNull();
  }

  @Test
  void aNonceIsForgottenOnlyOnceItsSignatureCouldNoLongerBeAccepted() {
    ReplayGuard guard = new ReplayGuard(clock);
    ClusterSecret.Verification call = signedCall();
    guard.refusal(call);

    now.set(now.get().plus(ClusterSecret.skew()));
    assertThat(guard.refusal(call)).as("still within the signature's minute").isNotNull();
    now.set(now.get().plusSeconds(2));
    guard.refusal(signedCall());
    assertThat(guard.size()).as("the old nonce is forgotten, the new one kept").isEqualTo(1);
    // and the old call would fail the signature's freshness check by now anyway
    assertThat(secret.verify(signature(call), "POST", "/p", BODY).valid()).isFalse();
  }

  @Test
  void whenFullItRefusesRatherThanForgetANonceEarly() {
    ReplayGuard guard = new ReplayGuard(clock, 2);
    guard.refusal(signedCall());
    guard.refusal(signedCall());

    assertThat(guard.refusal(signedCall())).contains("too many");
    now.set(now.get().plus(ClusterSecret.skew()).plus(Duration.ofSeconds(1)));
    assertThat(guard.refusal(signedCall())).isNull();
  }

  /** Each call's Authorization header, by nonce. */
  private final Map<String, String> headers = new HashMap<>();

  private ClusterSecret.Verification signedCall() {
    String header = secret.sign("POST", "/p", BODY);
    ClusterSecret.Verification verification = secret.verify(header, "POST", "/p", BODY);
    assertThat(verification.valid()).isTrue();
    headers.put(verification.nonce(), header);
    return verification;
  }

  private String signature(ClusterSecret.Verification call) {
    return headers.get(call.nonce());
  }
}
