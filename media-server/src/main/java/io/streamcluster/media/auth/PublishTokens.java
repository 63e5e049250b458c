package io.streamcluster.media.auth;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Publish tokens: {@code <stream>?expires=<unix seconds>&token=<base64url HMAC-SHA256 of
 * "<stream>:<expires>" under the publish secret>}. A token names one stream and stops working at
 * its expiry; the secret itself never travels. Thread-safe.
 */
public final class PublishTokens {

  /** Why a publish was refused; the message is safe to log and to send to the client. */
  public enum Verdict {
    ACCEPTED("accepted"),
    MISSING("publishing requires a token: add ?expires=...&token=... to the stream name"),
    MALFORMED("the publish token is malformed"),
    EXPIRED("the publish token has expired"),
    INVALID("the publish token is not valid for this stream");

    private final String message;

    Verdict(String message) {
      this.message = message;
    }

    public String message() {
      return message;
    }
  }

  private static final String ALGORITHM = "HmacSHA256";

  private final byte[] secret;
  private final Clock clock;

  public PublishTokens(byte[] secret, Clock clock) {
    if (secret.length < 16) {
      throw new IllegalArgumentException("the publish secret must be at least 16 bytes long");
    }
    this.secret = secret.clone();
    this.clock = clock;
  }

  /** The stream name with its query, valid for {@code ttl} from now. */
  public String issue(String stream, Duration ttl) {
    long expires = clock.instant().plus(ttl).getEpochSecond();
    return stream + "?expires=" + expires + "&token=" + sign(stream, expires);
  }

  /** Checks the query of a publish request for {@code stream}. */
  public Verdict verify(String stream, Map<String, String> query) {
    String expiresText = query.get("expires");
    String token = query.get("token");
    if (expiresText == null || token == null) {
      return Verdict.MISSING;
    }
    long expires;
    try {
      expires = Long.parseLong(expiresText);
    } catch (NumberFormatException e) {
      return Verdict.MALFORMED;
    }
    byte[] expected = sign(stream, expires).getBytes(StandardCharsets.US_ASCII);
    byte[] given = token.getBytes(StandardCharsets.US_ASCII);
    if (!MessageDigest.isEqual(expected, given)) {
      return Verdict.INVALID;
    }
    if (clock.instant().getEpochSecond() > expires) {
      return Verdict.EXPIRED;
    }
    return Verdict.ACCEPTED;
  }

  private String sign(String stream, long expires) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(new SecretKeySpec(secret, ALGORITHM));
      byte[] digest = mac.doFinal((stream + ":" + expires).getBytes(StandardCharsets.UTF_8));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HMAC-SHA256 is not available", e);
    }
  }
}
