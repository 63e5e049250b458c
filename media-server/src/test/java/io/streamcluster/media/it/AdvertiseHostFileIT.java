package io.streamcluster.media.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.streamcluster.media.testing.MediaServerProcess;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An edge told its address through a file ({@code --advertise-host-file}), as the operator tells
 * edges their external address through a downward-API volume: out of the rotation while the file is
 * empty, in it with the file's address once there is one, following the file as it changes.
 */
class AdvertiseHostFileIT {

  @TempDir Path dir;
  private ClusterFixture cluster;
  private MediaServerProcess origin;

  @BeforeEach
  void startOrigin() throws Exception {
    cluster = new ClusterFixture();
    origin = cluster.origin();
  }

  @AfterEach
  void stopAll() throws Exception {
    cluster.close();
  }

  @Test
  void anEdgeEntersTheRotationOnlyWithAnAddressAndHandsOutWhatTheFileSays() throws Exception {
    Path address = dir.resolve("advertise-address");
    write(address, "");
    MediaServerProcess edge =
        cluster.edgeWithArgs("edge-file", origin, "--advertise-host-file", address.toString());

    await()
        .during(Duration.ofSeconds(1))
        .atMost(Duration.ofSeconds(5))
        .until(() -> cluster.get(origin, "/cluster").statusCode() == 503);
    HttpResponse<String> readiness = cluster.get(edge, "/readyz");
    assertThat(readiness.statusCode()).isEqualTo(503);
    assertThat(readiness.body())
        .contains("no address to advertise yet")
        .contains(address.toString())
        .contains("is empty");

    write(address, "127.0.0.1");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> cluster.get(origin, "/cluster").body().equals("127.0.0.1:" + edge.rtmpPort));
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> cluster.get(edge, "/readyz").statusCode() == 200);

    write(address, "localhost");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> cluster.get(origin, "/cluster").body().equals("localhost:" + edge.rtmpPort));

    write(address, "");
    await("the edge left the rotation within the origin's TTL")
        .atMost(Duration.ofSeconds(10))
        .until(() -> cluster.get(origin, "/cluster").statusCode() == 503);
    assertThat(cluster.get(edge, "/readyz").body()).contains("no address to advertise yet");
    assertThat(edge.log()).contains("Advertising localhost").contains("leaving the rotation");
  }

  /** Replaces the file at once, as the kubelet swaps a downward-API volume's files. */
  private static void write(Path file, String content) throws Exception {
    Path next = Files.writeString(file.resolveSibling(file.getFileName() + ".next"), content);
    Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
