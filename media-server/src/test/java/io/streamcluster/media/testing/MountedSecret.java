package io.streamcluster.media.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A directory laid out as the kubelet mounts a Secret: {@code tls.crt} and {@code tls.key} are
 * symlinks through {@code ..data}, itself a symlink to a timestamped directory, and an update
 * writes a new directory and swaps {@code ..data} in one rename, so both files change at once.
 */
public final class MountedSecret {

  public static final String CERTIFICATE = "tls.crt";
  public static final String KEY = "tls.key";

  private final Path dir;
  private final AtomicInteger version = new AtomicInteger();

  private MountedSecret(Path dir) {
    this.dir = dir;
  }

  /** A mounted Secret in {@code dir} holding the certificate and key of {@code issued}. */
  public static MountedSecret of(Path dir, TestCertificates.Issued issued) throws IOException {
    Files.createDirectories(dir);
    MountedSecret secret = new MountedSecret(dir);
    secret.update(issued);
    Files.createSymbolicLink(dir.resolve(CERTIFICATE), Path.of("..data", CERTIFICATE));
    Files.createSymbolicLink(dir.resolve(KEY), Path.of("..data", KEY));
    return secret;
  }

  public Path certificate() {
    return dir.resolve(CERTIFICATE);
  }

  public Path key() {
    return dir.resolve(KEY);
  }

  /** Replaces both files at once, as a renewal of the Secret does. */
  public void update(TestCertificates.Issued issued) throws IOException {
    Path data = dir.resolve("..data_" + version.incrementAndGet());
    Files.createDirectories(data);
    Files.copy(issued.certificate(), data.resolve(CERTIFICATE));
    Files.copy(issued.key(), data.resolve(KEY));
    Path link = dir.resolve("..data_tmp");
    Files.deleteIfExists(link);
    Files.createSymbolicLink(link, data.getFileName());
    Files.move(link, dir.resolve("..data"), StandardCopyOption.ATOMIC_MOVE);
  }
}
