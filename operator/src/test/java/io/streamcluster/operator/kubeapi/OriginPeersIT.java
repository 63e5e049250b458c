package io.streamcluster.operator.kubeapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.streamcluster.media.clusterapi.ClusterApiClient;
import io.streamcluster.media.clusterapi.ClusterSecret;
import io.streamcluster.media.testing.Ffmpeg;
import io.streamcluster.operator.model.ClusterNames;
import io.streamcluster.operator.model.OriginModel;
import io.streamcluster.operator.model.StreamClusters;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two real origins started with the peers the operator gives a StreamCluster with {@code
 * origin.replicas: 2} (every origin pod's stable name, each origin's own included), the names
 * mapped to this machine's ports: a name live on one origin is refused by the other, and an origin
 * that finds itself among its peers still accepts publishers.
 */
class OriginPeersIT {

  static final Path LOGS = Path.of("target/origin-peers-it");

  private final List<AutoCloseable> opened = new ArrayList<>();
  private static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes();
  private final ClusterApiClient api =
      new ClusterApiClient(Duration.ofSeconds(3))
          .signedWith(new ClusterSecret(SECRET, Clock.systemUTC()));

  @AfterEach
  void stopEverything() throws Exception {
    for (int i = opened.size() - 1; i >= 0; i--) {
      opened.get(i).close();
    }
  }

  @Test
  void aNameLiveOnOneOriginIsRefusedByItsPeer() throws Exception {
    var cluster = StreamClusters.named("live", "video");
    cluster.getSpec().getOrigin().setReplicas(2);
    ClusterNames names = new ClusterNames("live", "video");
    List<String> args =
        OriginModel.fromCrd(cluster, "streamcluster/media-server:test")
            .generateStatefulSet()
            .getSpec()
            .getTemplate()
            .getSpec()
            .getContainers()
            .get(0)
            .getArgs();
    String peers = args.get(args.indexOf("--peers") + 1);

    Files.createDirectories(LOGS);
    Path secret = OriginProcess.writeSecret(LOGS, SECRET);
    int[] internalPorts = {OriginProcess.freePort(), OriginProcess.freePort()};
    for (int i = 0; i < 2; i++) {
      peers = peers.replace(names.originPodHost(i) + ":9080", "127.0.0.1:" + internalPorts[i]);
    }
    List<OriginProcess> origins = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      origins.add(
          opened(
              OriginProcess.start(
                  secret,
                  LOGS.resolve("origin-" + i + ".log"),
                  OriginProcess.freePort(),
                  OriginProcess.freePort(),
                  internalPorts[i],
                  List.of("--peers", peers))));
    }

    Ffmpeg.Running first =
        opened(
            Ffmpeg.publish("rtmp://127.0.0.1:" + origins.get(0).rtmpPort + "/live/show", 640, 360));
    await("origin-0 takes the publisher although it is among its own peers")
        .atMost(Duration.ofSeconds(20))
        .until(() -> live(origins.get(0), "show"));

    Ffmpeg.Running second =
        opened(
            Ffmpeg.publish("rtmp://127.0.0.1:" + origins.get(1).rtmpPort + "/live/show", 640, 360));
    await("origin-1 refuses the name")
        .atMost(Duration.ofSeconds(20))
        .until(() -> !second.isAlive());

    assertThat(Files.readString(LOGS.resolve("origin-1.log")))
        .contains("already live on origin 127.0.0.1:" + internalPorts[0]);
    assertThat(live(origins.get(1), "show")).isFalse();
    assertThat(first.isAlive()).isTrue();
  }

  /** Whether {@code stream} is live on {@code origin}, as its peers ask (a signed lookup). */
  private boolean live(OriginProcess origin, String stream) throws Exception {
    return api.lookupStream(origin.uri(), stream).get(5, TimeUnit.SECONDS).isPresent();
  }

  private <T extends AutoCloseable> T opened(T resource) {
    opened.add(resource);
    return resource;
  }
}
