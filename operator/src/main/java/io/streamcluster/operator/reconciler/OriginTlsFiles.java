package io.streamcluster.operator.reconciler;

import io.fabric8.kubernetes.api.model.Secret;
import io.streamcluster.api.v1alpha1.StreamCluster;
import io.streamcluster.media.clusterapi.OriginTls;
import io.streamcluster.operator.model.MediaServerTls;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;

/**
 * How the operator verifies a cluster's origins when it calls their internal port, which speaks TLS
 * with {@code spec.tls}: as edges do, with the TLS Secret's {@code ca.crt} (written to a file here,
 * since the cluster API's client reads its CAs from a file and re-reads it when it changes) and
 * {@code spec.tls.originServerName}; without a {@code ca.crt}, with the system's CAs.
 */
final class OriginTlsFiles {

  private final Path directory;

  /**
   * @param directory where the CA files are kept, one per StreamCluster (by its uid)
   */
  OriginTlsFiles(Path directory) {
    this.directory = directory;
  }

  /** In {@code java.io.tmpdir} (an emptyDir in the operator's pod). */
  static OriginTlsFiles inTemporaryDirectory() {
    return new OriginTlsFiles(
        Path.of(System.getProperty("java.io.tmpdir"), "streamcluster-operator", "origin-ca"));
  }

  /**
   * @param tlsSecret the Secret {@code spec.tls.secretName} names, as seen now
   * @return empty without {@code spec.tls}: the origins' internal port is plain HTTP
   * @throws UncheckedIOException when the CA cannot be written
   */
  Optional<OriginTls> forCluster(StreamCluster cluster, Optional<Secret> tlsSecret) {
    if (MediaServerTls.secretName(cluster).isEmpty()) {
      return Optional.empty();
    }
    MediaServerTls tls = MediaServerTls.fromCrd(cluster, tlsSecret);
    Optional<Path> caFile = Optional.empty();
    if (tls.originCa()) {
      byte[] ca = Base64.getDecoder().decode(tlsSecret.get().getData().get(MediaServerTls.CA_KEY));
      caFile = Optional.of(write(cluster.getMetadata().getUid() + "-ca.crt", ca));
    }
    return Optional.of(new OriginTls(caFile, tls.originServerName()));
  }

  /**
   * Writes {@code content} when it differs from the file's, atomically (readers see one or the
   * other).
   */
  private Path write(String name, byte[] content) {
    Path file = directory.resolve(name);
    try {
      if (Files.exists(file) && Arrays.equals(Files.readAllBytes(file), content)) {
        return file;
      }
      Files.createDirectories(directory);
      Path next = Files.createTempFile(directory, name, ".tmp");
      Files.write(next, content);
      Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the origins' CA to " + file, e);
    }
  }
}
