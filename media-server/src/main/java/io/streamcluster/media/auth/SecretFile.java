package io.streamcluster.media.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A file of secrets, one per line, as Kubernetes Secrets are mounted: during a rotation it holds
 * the new secret and the old one ({@code "new\nold"}), afterwards only the new one. The first line
 * signs; every line verifies. Blank lines and the whitespace around a line are ignored. Shared by
 * every secret the server reads (the cluster secret, publish and play tokens); the values never
 * reach a log or an error message.
 */
public final class SecretFile {

  private SecretFile() {}

  /**
   * The secrets in {@code file}, the signing one first.
   *
   * @throws IOException when it cannot be read or holds no secret
   */
  public static List<byte[]> read(Path file) throws IOException {
    List<byte[]> secrets = parse(Files.readAllBytes(file));
    if (secrets.isEmpty()) {
      throw new IOException("secret file " + file + " holds no secret");
    }
    return secrets;
  }

  /** The secrets in a file's content (or a Kubernetes Secret's value), the signing one first. */
  public static List<byte[]> parse(byte[] content) {
    List<byte[]> secrets = new ArrayList<>();
    for (String line : new String(content, StandardCharsets.UTF_8).split("\n")) {
      String secret = line.strip();
      if (!secret.isEmpty()) {
        secrets.add(secret.getBytes(StandardCharsets.UTF_8));
      }
    }
    return secrets;
  }
}
