package io.streamcluster.media.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The secrets of one purpose (publish tokens, play tokens, the cluster API), read from a file that
 * holds one secret per line so that they can rotate: the first line signs, every line verifies. A
 * rotation edits the file (a Kubernetes Secret) to "new\nold", waits until every signer uses the
 * new one, then to "new". Signatures are base64url HMAC-SHA256. The secrets' values never reach a
 * log, an error message or {@link #toString()}. Thread-safe.
 */
public final class Secrets {

  /** The shortest secret accepted, in bytes. */
  public static final int MIN_LENGTH = 16;

  private static final String ALGORITHM = "HmacSHA256";

  private final List<byte[]> secrets;

  private Secrets(List<byte[]> secrets) {
    if (secrets.isEmpty()) {
      throw new IllegalArgumentException("no secret given");
    }
    List<byte[]> copies = new ArrayList<>();
    for (byte[] secret : secrets) {
      if (secret.length < MIN_LENGTH) {
        throw new IllegalArgumentException(
            "a secret must be at least " + MIN_LENGTH + " bytes long");
      }
      copies.add(secret.clone());
    }
    this.secrets = List.copyOf(copies);
  }

  /** The given secrets, the first one signing. */
  public static Secrets of(byte[]... secrets) {
    return new Secrets(List.of(secrets));
  }

  /**
   * Reads a secret file ({@link SecretFile}: one secret per line, the first one signing).
   *
   * @throws IOException when the file cannot be read, holds no secret or a secret that is too short
   *     (the message names the file, never a value)
   */
  public static Secrets read(Path file) throws IOException {
    return read(file, Files.readAllBytes(file));
  }

  /** As {@link #read(Path)}, with the file's content already read. */
  static Secrets read(Path file, byte[] content) throws IOException {
    List<byte[]> secrets = SecretFile.parse(content);
    if (secrets.isEmpty()) {
      throw new IOException("secret file " + file + " holds no secret");
    }
    for (int i = 0; i < secrets.size(); i++) {
      if (secrets.get(i).length < MIN_LENGTH) {
        throw new IOException(
            "secret file "
                + file
                + ": secret "
                + (i + 1)
                + " (counting non-blank lines) is shorter than "
                + MIN_LENGTH
                + " bytes");
      }
    }
    return new Secrets(secrets);
  }

  /** How many secrets verify (1 outside a rotation). */
  public int count() {
    return secrets.size();
  }

  /** The signature of {@code data} under the signing (first) secret. */
  public String sign(byte[] data) {
    return hmac(secrets.get(0), data);
  }

  public String sign(String data) {
    return sign(data.getBytes(StandardCharsets.UTF_8));
  }

  /** Whether {@code signature} is the signature of {@code data} under any of the secrets. */
  public boolean verify(byte[] data, String signature) {
    if (signature == null) {
      return false;
    }
    byte[] given = signature.getBytes(StandardCharsets.US_ASCII);
    boolean valid = false;
    for (byte[] secret : secrets) {
      // Every secret is tried, so the time taken does not tell which one matched.
      valid |= MessageDigest.isEqual(hmac(secret, data).getBytes(StandardCharsets.US_ASCII), given);
    }
    return valid;
  }

  public boolean verify(String data, String signature) {
    return verify(data.getBytes(StandardCharsets.UTF_8), signature);
  }

  private static String hmac(byte[] secret, byte[] data) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(new SecretKeySpec(secret, ALGORITHM));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(data));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 is not available", e);
    }
  }

  @Override
  public String toString() {
    return "Secrets[" + secrets.size() + " secret(s), values hidden]";
  }
}
