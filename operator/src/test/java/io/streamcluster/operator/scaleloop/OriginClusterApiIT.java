package io.streamcluster.operator.scaleloop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamcluster.media.MediaServer;
import io.streamcluster.media.MediaServerConfig;
import io.streamcluster.media.Role;
import io.streamcluster.media.clusterapi.ClusterSecret;
import io.streamcluster.media.clusterapi.OriginTls;
import io.streamcluster.media.testing.TestCertificates;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator's reading of a cluster against a real origin whose internal port speaks TLS (as with
 * {@code spec.tls}): verified with the cluster's CA and the origins' certificate name, refused
 * otherwise.
 */
class OriginClusterApiIT {

  private static final String ORIGIN_NAME = "origin.streamcluster.test";
  private static final ClusterSecret SECRET =
      ClusterSecret.parse(
          "operator-test-cluster-secret".getBytes(StandardCharsets.UTF_8), Clock.systemUTC());

  @TempDir static Path dir;
  static TestCertificates ca;
  static MediaServer origin;

  @BeforeAll
  static void startOrigin() throws Exception {
    ca = TestCertificates.authority(dir.resolve("ca"), "StreamCluster operator test CA");
    TestCertificates.Issued certificate = ca.issue(ORIGIN_NAME);
    origin =
        new MediaServer(
                MediaServerConfig.builder(Role.ORIGIN)
                    .bind("127.0.0.1")
                    .rtmpPort(0)
                    .httpPort(0)
                    .internalPort(0)
                    .eventLoopThreads(1)
                    .clusterSecret(SECRET)
                    .tls(certificate.certificate(), certificate.key())
                    .tlsPorts(0, 0)
                    .build())
            .start();
  }

  @AfterAll
  static void stopOrigin() {
    if (origin != null) {
      origin.close();
    }
  }

  private static List<URI> origins() {
    return List.of(URI.create("http://127.0.0.1:" + origin.internalPort()));
  }

  @Test
  void theClusterIsReadOverTlsVerifiedWithTheClustersCaAndName() throws IOException {
    OriginAccess access =
        new OriginAccess(
            origins(),
            SECRET,
            Optional.of(new OriginTls(Optional.of(ca.caFile()), Optional.of(ORIGIN_NAME))));

    ClusterLoad load = new OriginClusterApi(Duration.ofSeconds(5)).read(access);

    assertThat(load.edges()).isEmpty();
    assertThat(load.subscribers()).isZero();
  }

  @Test
  void anOriginThatDoesNotVerifyOrPlainHttpToATlsPortIsAnError() {
    OriginClusterApi api = new OriginClusterApi(Duration.ofSeconds(5));
    OriginAccess otherName =
        new OriginAccess(
            origins(),
            SECRET,
            Optional.of(new OriginTls(Optional.of(ca.caFile()), Optional.of("other.example"))));
    OriginAccess systemTrust =
        new OriginAccess(origins(), SECRET, Optional.of(OriginTls.systemTrust()));

    assertThatThrownBy(() -> api.read(otherName)).isInstanceOf(IOException.class);
    assertThatThrownBy(() -> api.read(systemTrust)).isInstanceOf(IOException.class);
    assertThatThrownBy(() -> api.read(new OriginAccess(origins(), SECRET)))
        .isInstanceOf(IOException.class);
  }
}
