package io.streamcluster.media.clusterapi;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Authenticates cluster API calls (check-ins, drain, the cluster view) with a shared secret that
 * never travels: the {@code Authorization} header carries {@code StreamCluster t=<unix
 * seconds>,sig=<base64url HMAC-SHA256 of "t\nMETHOD PATH\nbody">}, PATH as it is sent (names in it
 * percent-encoded), accepted within a minute of the receiver's clock. Thread-safe.
 */
public final class ClusterSecret {

  public static final String SCHEME = "StreamCluster ";
  private static final String ALGORITHM = "HmacSHA256";
  private static final Duration SKEW = Duration.ofSeconds(60);

  private final byte[] secret;
  private final Clock clock;

  public ClusterSecret(byte[] secret, Clock clock) {
    if (secret.length < 16) {
      throw new IllegalArgumentException("the cluster secret must be at least 16 bytes long");
    }
    this.secret = secret.clone();
    this.clock = clock;
  }

  /** The Authorization header value for a request. */
  public String sign(String method, String path, byte[] body) {
    long t = clock.instant().getEpochSecond();
    return SCHEME + "t=" + t + ",sig=" + signature(t, method, path, body);
  }

  /** Whether the header authenticates this request now. */
  public boolean verify(String header, String method, String path, byte[] body) {
    if (header == null || !header.startsWith(SCHEME)) {
      return false;
    }
    long t = -1;
    String sig = null;
    for (String part : header.substring(SCHEME.length()).split(",")) {
      String item = part.strip();
      if (item.startsWith("t=")) {
        try {
          t = Long.parseLong(item.substring(2));
        } catch (NumberFormatException e) {
          return false;
        }
      } else if (item.startsWith("sig=")) {
        sig = item.substring(4);
      }
    }
    if (t < 0 || sig == null) {
      return false;
    }
    long now = clock.instant().getEpochSecond();
    if (Math.abs(now - t) > SKEW.toSeconds()) {
      return false;
    }
    return MessageDigest.isEqual(
        signature(t, method, path, body).getBytes(StandardCharsets.US_ASCII),
        sig.getBytes(StandardCharsets.US_ASCII));
  }

  private String signature(long t, String method, String path, byte[] body) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(new SecretKeySpec(secret, ALGORITHM));
      mac.update((t + "\n" + method + " " + path + "\n").getBytes(StandardCharsets.UTF_8));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(body));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 is not available", e);
    }
  }
}
