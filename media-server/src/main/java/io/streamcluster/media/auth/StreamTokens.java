package io.streamcluster.media.auth;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Signed stream keys, for publishing and for playing: {@code <stream>?expires=<unix
 * seconds>[&sub=<subject>]&token=<signature>}, the signature a base64url HMAC-SHA256 (under the
 * purpose's {@link Secrets}) of {@code "<stream>:<expires>[:<subject>]"}, prefixed with {@code
 * "play:"} for play tokens so that one never passes for the other. A token names one stream, may
 * name who holds it (the subject, which a stream waiting for its publisher to return is kept for),
 * and stops working at its expiry; the secrets never travel. Thread-safe.
 */
public final class StreamTokens {

  /** What a token lets its holder do. */
  public enum Purpose {
    PUBLISH("publish", "publishing", ""),
    PLAY("play", "playing", "play:");

    private final String word;
    private final String gerund;
    private final String signedPrefix;

    Purpose(String word, String gerund, String signedPrefix) {
      this.word = word;
      this.gerund = gerund;
      this.signedPrefix = signedPrefix;
    }

    /** "publish" or "play". */
    public String word() {
      return word;
    }
  }

  /** Why a token was refused; its message is safe to log and to send to the client. */
  public enum Verdict {
    ACCEPTED,
    MISSING,
    MALFORMED,
    EXPIRED,
    INVALID;

    public String message(Purpose purpose) {
      return switch (this) {
        case ACCEPTED -> "accepted";
        case MISSING ->
            purpose.gerund + " requires a token: add ?expires=...&token=... to the stream name";
        case MALFORMED -> "the " + purpose.word + " token is malformed";
        case EXPIRED -> "the " + purpose.word + " token has expired";
        case INVALID -> "the " + purpose.word + " token is not valid for this stream";
      };
    }
  }

  /**
   * A token's verdict and the subject it names, if it names one.
   *
   * @param subject null when the token names none (or was refused)
   */
  public record Check(Verdict verdict, String subject) {
    public boolean accepted() {
      return verdict == Verdict.ACCEPTED;
    }
  }

  private static final Pattern SUBJECT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.@:\\-]{0,63}");

  private final Purpose purpose;
  private final Supplier<Secrets> secrets;
  private final Clock clock;

  public StreamTokens(Purpose purpose, Secrets secrets, Clock clock) {
    this(purpose, () -> secrets, clock);
  }

  /**
   * Tokens under the secrets {@code secrets} supplies at each issue and check: a {@link
   * MountedSecrets} takes up a rotation of its file without a restart.
   */
  public StreamTokens(Purpose purpose, Supplier<Secrets> secrets, Clock clock) {
    this.purpose = purpose;
    this.secrets = secrets;
    this.clock = clock;
  }

  public Purpose purpose() {
    return purpose;
  }

  /** The stream name with its query, valid for {@code ttl} from now, naming no subject. */
  public String issue(String stream, Duration ttl) {
    return issue(stream, ttl, null);
  }

  /**
   * The stream name with its query, valid for {@code ttl} from now.
   *
   * @param subject who holds the token (letters, digits, {@code _.@:-}, at most 64), or null
   */
  public String issue(String stream, Duration ttl, String subject) {
    if (subject != null && !SUBJECT.matcher(subject).matches()) {
      throw new IllegalArgumentException(
          "a subject is 1-64 letters, digits, '_', '.', '@', ':' or '-'");
    }
    long expires = clock.instant().plus(ttl).getEpochSecond();
    return stream
        + "?expires="
        + expires
        + (subject == null ? "" : "&sub=" + subject)
        + "&token="
        + secrets.get().sign(signed(stream, expires, subject));
  }

  /** Checks the query of a request for {@code stream}. */
  public Check verify(String stream, Map<String, String> query) {
    String expiresText = query.get("expires");
    String token = query.get("token");
    String subject = query.get("sub");
    if (expiresText == null || token == null) {
      return new Check(Verdict.MISSING, null);
    }
    long expires;
    try {
      expires = Long.parseLong(expiresText);
    } catch (NumberFormatException e) {
      return new Check(Verdict.MALFORMED, null);
    }
    if (subject != null && !SUBJECT.matcher(subject).matches()) {
      return new Check(Verdict.MALFORMED, null);
    }
    if (!secrets.get().verify(signed(stream, expires, subject), token)) {
      return new Check(Verdict.INVALID, null);
    }
    if (clock.instant().getEpochSecond() > expires) {
      return new Check(Verdict.EXPIRED, null);
    }
    return new Check(Verdict.ACCEPTED, subject);
  }

  private String signed(String stream, long expires, String subject) {
    return purpose.signedPrefix + stream + ":" + expires + (subject == null ? "" : ":" + subject);
  }
}
