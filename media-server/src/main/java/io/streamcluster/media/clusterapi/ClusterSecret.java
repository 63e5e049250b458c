package io.streamcluster.media.clusterapi;

import io.streamcluster.media.auth.SecretFile;
import io.streamcluster.media.auth.Secrets;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Authenticates cluster API calls (check-ins, drains, stream lookups, the cluster view) and their
 * replies with a shared secret that never travels.
 *
 * <p>A request carries {@code Authorization: StreamCluster t=<unix
 * seconds>,n=<nonce>,sig=<base64url HMAC-SHA256 of "t\nnonce\nMETHOD PATH\nbody">}, PATH as it is
 * sent (names in it percent-encoded), accepted within a minute of the receiver's clock; the nonce,
 * fresh for every request, lets the receiver refuse a replay ({@link ReplayGuard}). The reply
 * carries {@code StreamCluster-Signature: t=<unix seconds>,sig=<base64url HMAC-SHA256 of
 * "reply\nt\nnonce\nstatus\nbody">}, bound to the request's nonce, so an old or forged answer is
 * refused by the caller.
 *
 * <p>Secrets rotate: constructed with several (a secret file's lines, {@link SecretFile}), the
 * first signs and any verifies; constructed with a {@link
 * io.streamcluster.media.auth.MountedSecrets}, it uses the secret file's lines as they are now.
 * Thread-safe.
 */
public final class ClusterSecret {

  public static final String SCHEME = "StreamCluster ";

  /** The reply header an origin signs its answers to signed calls with. */
  public static final String REPLY_HEADER = "StreamCluster-Signature";

  private static final Duration SKEW = Duration.ofSeconds(60);
  private static final Pattern NONCE = Pattern.compile("[A-Za-z0-9_-]{16,64}");
  private static final int MIN_BYTES = 16;

  private final Supplier<Secrets> secrets;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();

  /** One secret, which signs and verifies. */
  public ClusterSecret(byte[] secret, Clock clock) {
    this(List.of(secret), clock);
  }

  /**
   * Several secrets, during a rotation: the first signs, any verifies.
   *
   * @throws IllegalArgumentException when there is none or one is shorter than 16 bytes
   */
  public ClusterSecret(List<byte[]> secrets, Clock clock) {
    if (secrets.isEmpty()) {
      throw new IllegalArgumentException("no cluster secret");
    }
    List<byte[]> copies = new ArrayList<>();
    for (byte[] secret : secrets) {
      if (secret.length < MIN_BYTES) {
        throw new IllegalArgumentException("the cluster secret must be at least 16 bytes long");
      }
      copies.add(secret.clone());
    }
    Secrets fixed = Secrets.of(copies.toArray(byte[][]::new));
    this.secrets = () -> fixed;
    this.clock = clock;
  }

  /**
   * The secrets {@code secrets} supplies at each call: a {@link
   * io.streamcluster.media.auth.MountedSecrets} takes up a rotation without a restart.
   */
  public ClusterSecret(Supplier<Secrets> secrets, Clock clock) {
    this.secrets = secrets;
    this.clock = clock;
  }

  /** The secrets in a file, one per line ({@link SecretFile}). */
  public static ClusterSecret read(Path file, Clock clock) throws IOException {
    return new ClusterSecret(SecretFile.read(file), clock);
  }

  /** The secrets in a file's or a Kubernetes Secret's content, one per line. */
  public static ClusterSecret parse(byte[] content, Clock clock) {
    return new ClusterSecret(SecretFile.parse(content), clock);
  }

  /** How long a signature is good for, either way from the receiver's clock. */
  public static Duration skew() {
    return SKEW;
  }

  /**
   * A request's signature.
   *
   * @param authorization the {@code Authorization} header value
   * @param nonce the request's nonce, which the signed reply must carry
   */
  public record SignedRequest(String authorization, String nonce) {}

  /** Signs a request with a fresh nonce. */
  public SignedRequest signRequest(String method, String path, byte[] body) {
    long t = clock.instant().getEpochSecond();
    byte[] bytes = new byte[18];
    random.nextBytes(bytes);
    String nonce = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    String sig = secrets.get().sign(signed(requestText(t, nonce, method, path), body));
    return new SignedRequest(SCHEME + "t=" + t + ",n=" + nonce + ",sig=" + sig, nonce);
  }

  /** The Authorization header value for a request, with a fresh nonce. */
  public String sign(String method, String path, byte[] body) {
    return signRequest(method, path, body).authorization();
  }

  /**
   * What a request's {@code Authorization} header proves.
   *
   * @param problem null when the signature is good and fresh; otherwise why not, safe to log
   * @param nonce the request's nonce (when the signature is good)
   * @param time when it was signed, in unix seconds (when the signature is good)
   */
  public record Verification(String problem, String nonce, long time) {

    public boolean valid() {
      return problem == null;
    }

    static Verification refused(String problem) {
      return new Verification(problem, null, -1);
    }
  }

  /**
   * Whether the header authenticates this request now. Replays are the receiver's to refuse, by the
   * nonce ({@link ReplayGuard}).
   */
  public Verification verify(String header, String method, String path, byte[] body) {
    if (header == null) {
      return Verification.refused("no credentials");
    }
    if (!header.startsWith(SCHEME)) {
      return Verification.refused("not a cluster signature");
    }
    Fields fields = Fields.parse(header.substring(SCHEME.length()));
    if (fields.t < 0 || fields.sig == null || fields.nonce == null) {
      return Verification.refused("malformed cluster signature (an older edge or operator?)");
    }
    if (!NONCE.matcher(fields.nonce).matches()) {
      return Verification.refused("malformed nonce");
    }
    if (!fresh(fields.t)) {
      return Verification.refused("stale cluster signature");
    }
    if (!matchesAny(fields.sig, requestText(fields.t, fields.nonce, method, path), body)) {
      return Verification.refused("wrong cluster signature");
    }
    return new Verification(null, fields.nonce, fields.t);
  }

  /** The {@link #REPLY_HEADER} value for a reply to the request that carried {@code nonce}. */
  public String signReply(String nonce, int status, byte[] body) {
    long t = clock.instant().getEpochSecond();
    return "t=" + t + ",sig=" + secrets.get().sign(signed(replyText(t, nonce, status), body));
  }

  /** Whether a reply's {@link #REPLY_HEADER} answers the request that carried {@code nonce}. */
  public boolean verifyReply(String header, String nonce, int status, byte[] body) {
    if (header == null || nonce == null) {
      return false;
    }
    Fields fields = Fields.parse(header);
    return fields.t >= 0
        && fields.sig != null
        && fresh(fields.t)
        && matchesAny(fields.sig, replyText(fields.t, nonce, status), body);
  }

  private boolean fresh(long t) {
    return Math.abs(clock.instant().getEpochSecond() - t) <= SKEW.toSeconds();
  }

  private boolean matchesAny(String sig, String text, byte[] body) {
    // every secret is tried, so the time taken does not say which one matched
    return secrets.get().verify(signed(text, body), sig);
  }

  /** What is signed: the text, then the body as sent. */
  private static byte[] signed(String text, byte[] body) {
    byte[] head = text.getBytes(StandardCharsets.UTF_8);
    byte[] tail = body == null ? new byte[0] : body;
    byte[] all = Arrays.copyOf(head, head.length + tail.length);
    System.arraycopy(tail, 0, all, head.length, tail.length);
    return all;
  }

  private static String requestText(long t, String nonce, String method, String path) {
    return t + "\n" + nonce + "\n" + method + " " + path + "\n";
  }

  /** "reply" first: no request signature can pass as a reply's. */
  private static String replyText(long t, String nonce, int status) {
    return "reply\n" + t + "\n" + nonce + "\n" + status + "\n";
  }

  /** {@code t=..,n=..,sig=..} in any order; a field missing or unreadable stays empty. */
  private static final class Fields {
    long t = -1;
    String nonce;
    String sig;

    static Fields parse(String text) {
      Fields fields = new Fields();
      for (String part : text.split(",")) {
        String item = part.strip();
        if (item.startsWith("t=")) {
          try {
            fields.t = Long.parseLong(item.substring(2));
          } catch (NumberFormatException e) {
            fields.t = -1;
          }
        } else if (item.startsWith("n=")) {
          fields.nonce = item.substring(2);
        } else if (item.startsWith("sig=")) {
          fields.sig = item.substring(4);
        }
      }
      return fields;
    }
  }
}
