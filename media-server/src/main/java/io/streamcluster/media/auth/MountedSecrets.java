package io.streamcluster.media.auth;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Secrets} of one purpose as a secret file holds them now, so that a rotation needs no
 * restart: the file (a mounted Kubernetes Secret) is edited to "new\nold", then to "new", and
 * {@link #reloadIfChanged()}, called every few seconds, takes up each edit. A file that cannot be
 * read, holds no secret or a secret that is too short leaves the last good secrets in use and is
 * reported once per content; what is logged names the purpose, the file and how many secrets, never
 * a value. Thread-safe.
 */
public final class MountedSecrets implements Supplier<Secrets> {

  private static final Logger log = LoggerFactory.getLogger(MountedSecrets.class);

  private final String purpose;
  private final Path file;
  private volatile Secrets current;
  private byte[] usedDigest;
  private byte[] refusedDigest;
  private boolean unreadable;

  private MountedSecrets(String purpose, Path file, Secrets current, byte[] digest) {
    this.purpose = purpose;
    this.file = file;
    this.current = current;
    this.usedDigest = digest;
  }

  /**
   * Reads the file once; it must hold usable secrets now.
   *
   * @param purpose for the log, e.g. "publish tokens"
   * @throws IOException as {@link Secrets#read(Path)}
   */
  public static MountedSecrets read(String purpose, Path file) throws IOException {
    byte[] content = Files.readAllBytes(file);
    return new MountedSecrets(purpose, file, Secrets.read(file, content), digest(content));
  }

  /** The secrets in use now. */
  @Override
  public Secrets get() {
    return current;
  }

  /** The file read. */
  public Path file() {
    return file;
  }

  /**
   * Reads the file and, when its content changed and holds usable secrets, uses them from now on.
   *
   * @return whether the secrets in use changed
   */
  public synchronized boolean reloadIfChanged() {
    byte[] content;
    try {
      content = Files.readAllBytes(file);
    } catch (IOException e) {
      if (!unreadable) {
        unreadable = true;
        log.warn(
            "Cannot read the secret file {} of {}, still using the {} secret(s) read before: {}",
            file,
            purpose,
            current.count(),
            e.toString());
      }
      return false;
    }
    unreadable = false;
    byte[] digest = digest(content);
    if (Arrays.equals(digest, usedDigest) || Arrays.equals(digest, refusedDigest)) {
      return false;
    }
    Secrets read;
    try {
      read = Secrets.read(file, content);
    } catch (IOException e) {
      refusedDigest = digest;
      // the message names the file and the line, never a value
      log.warn(
          "The secret file of {} changed but is not usable, still using the {} secret(s) read"
              + " before: {}",
          purpose,
          current.count(),
          e.getMessage());
      return false;
    }
    current = read;
    usedDigest = digest;
    refusedDigest = null;
    log.info("Secrets of {} reloaded from {}: {} secret(s)", purpose, file, read.count());
    return true;
  }

  private static byte[] digest(byte[] content) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(content);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }

  @Override
  public String toString() {
    return "MountedSecrets[" + purpose + ", " + file + ", " + current + "]";
  }
}
