package io.streamcluster.media.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A directory laid out as the kubelet mounts a Secret: each key (say {@code tls.crt} and {@code
 * tls.key}) is a symlink through {@code ..data}, itself a symlink to a timestamped directory, and
 * an update writes a new directory and swaps {@code ..data} in one rename, so every file changes at
 * once.
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

  /** A mounted Secret in {@code dir} of one key, {@code name}, holding {@code content}. */
  public static MountedSecret of(Path dir, String name, String content) throws IOException {
    Files.createDirectories(dir);
    MountedSecret secret = new MountedSecret(dir);
    secret.update(Map.of(name, content));
    Files.createSymbolicLink(dir.resolve(name), Path.of("..data", name));
    return secret;
  }

  /** The file of key {@code name}. */
  public Path file(String name) {
    return dir.resolve(name);
  }

  /** Replaces every key's content at once; a key left out disappears. */
  public void update(Map<String, String> contents) throws IOException {
    Path data = nextData();
    for (Map.Entry<String, String> key : contents.entrySet()) {
      Files.writeString(data.resolve(key.getKey()), key.getValue());
    }
    swapTo(data);
  }

  public Path certificate() {
    return dir.resolve(CERTIFICATE);
  }

  public Path key() {
    return dir.resolve(KEY);
  }

  /** Replaces both files at once, as a renewal of the Secret does. */
  public void update(TestCertificates.Issued issued) throws IOException {
    Path data = nextData();
    Files.copy(issued.certificate(), data.resolve(CERTIFICATE));
    Files.copy(issued.key(), data.resolve(KEY));
    swapTo(data);
  }

  private Path nextData() throws IOException {
    Path data = dir.resolve("..data_" + version.incrementAndGet());
    Files.createDirectories(data);
    return data;
  }

  private void swapTo(Path data) throws IOException {
    Path link = dir.resolve("..data_tmp");
    Files.deleteIfExists(link);
    Files.createSymbolicLink(link, data.getFileName());
    Files.move(link, dir.resolve("..data"), StandardCopyOption.ATOMIC_MOVE);
  }
}
