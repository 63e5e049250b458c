package io.streamcluster.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.streamcluster.e2e.cluster.ClusterExtension;
import io.streamcluster.e2e.cluster.HostEndpoint;
import io.streamcluster.e2e.cluster.TestCluster;
import io.streamcluster.e2e.cluster.TestNamespace;
import io.streamcluster.e2e.cluster.Workloads;
import io.streamcluster.media.testing.Command;
import io.streamcluster.media.testing.Ffmpeg;
import io.streamcluster.media.testing.Player;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The e2e environment itself, proven with the media server alone: an image built here from the
 * server's jar, loaded into the cluster, run as a pod behind a Service; real ffmpeg on the host
 * publishes to the Service and real players on the host decode the stream back over RTMP and
 * HTTP-FLV.
 *
 * <p>Its image is a throw-away one (e2e-tests/cluster/smoke-image.sh) until the packaging's
 * streamcluster/media-server image lands.
 */
@ExtendWith(ClusterExtension.class)
class MediaServerPodE2E {

  private static final int RTMP = 1935;
  private static final int HTTP = 5080;
  private static final int WIDTH = 640;
  private static final int HEIGHT = 360;
  private static final Map<String, String> LABELS =
      Map.of(
          "app.kubernetes.io/name",
          "media-server",
          "app.kubernetes.io/part-of",
          "streamcluster-e2e");

  @Test
  void streamPublishedToTheServicePlaysBackOverRtmpAndHttpFlv(
      TestCluster cluster, Timeline timeline) throws Exception {
    KubernetesClient client = cluster.client();
    String image = timeline.measure("smoke image build", MediaServerPodE2E::buildImage);
    timeline.step("image load " + image, () -> cluster.loadImages(List.of(image)));

    try (TestNamespace namespace = TestNamespace.create(client, "smoke")) {
      String ns = namespace.name();
      Service service =
          timeline.measure(
              "apply -> media-server pod ready",
              () -> {
                client.apps().deployments().inNamespace(ns).resource(deployment(image)).create();
                Service created = client.services().inNamespace(ns).resource(service()).create();
                Workloads.awaitDeploymentReady(client, ns, "media-server", Duration.ofMinutes(3));
                return created;
              });

      try (HostEndpoint rtmp = cluster.reach(service, RTMP);
          HostEndpoint http = cluster.reach(service, HTTP)) {
        timeline.step(
            "Service reachable from the host",
            () -> {
              rtmp.awaitAcceptingConnections(Duration.ofSeconds(30));
              http.awaitAcceptingConnections(Duration.ofSeconds(30));
            });
        playBack(rtmp, http, timeline);
      }
      timeline.step("namespace deleted", namespace::close);
    }
  }

  private static void playBack(HostEndpoint rtmp, HostEndpoint http, Timeline timeline)
      throws Exception {
    try (Ffmpeg.Running publisher =
        Ffmpeg.publish(rtmp.rtmpUrl("live", "smoke"), WIDTH, HEIGHT, 800)) {
      Player.Playback overRtmp =
          timeline.measure(
              "RTMP player: 50 frames",
              () -> Player.play(rtmp.rtmpUrl("live", "smoke"), 50, Duration.ofSeconds(40)));
      assertThat(overRtmp.framesOfSize(WIDTH, HEIGHT))
          .as(
              "frames decoded over RTMP from %s; publisher: %s; player: %s",
              overRtmp.url(), publisher.printed(), overRtmp.printed())
          .isGreaterThanOrEqualTo(50);

      Player.Playback overFlv =
          timeline.measure(
              "HTTP-FLV player: 50 frames",
              () -> Player.play(http.httpUrl("/live/smoke.flv"), 50, Duration.ofSeconds(40)));
      assertThat(overFlv.framesOfSize(WIDTH, HEIGHT))
          .as(
              "frames decoded over HTTP-FLV from %s; publisher: %s; player: %s",
              overFlv.url(), publisher.printed(), overFlv.printed())
          .isGreaterThanOrEqualTo(50);
      assertThat(publisher.isAlive()).as("publisher still connected").isTrue();
    }
  }

  private static String buildImage() {
    Path jar =
        Path.of(
            System.getProperty(
                "e2e.mediaServerJar",
                E2EProject.root().resolve("media-server/target/media-server.jar").toString()));
    assertThat(Files.isRegularFile(jar))
        .as("%s exists (./mvnw -Pe2e verify -pl e2e-tests -am builds it)", jar)
        .isTrue();
    String output =
        Command.of(
                E2EProject.clusterScripts().resolve("smoke-image.sh").toString(),
                jar.toString(),
                "localhost/streamcluster-e2e/media-server-smoke:" + E2EProject.version())
            .timeout(Duration.ofMinutes(10))
            .echoStderr()
            .run()
            .orThrow()
            .stdout();
    return output.strip().lines().reduce((first, last) -> last).orElseThrow();
  }

  private static Deployment deployment(String image) {
    return new DeploymentBuilder()
        .withNewMetadata()
        .withName("media-server")
        .withLabels(LABELS)
        .endMetadata()
        .withNewSpec()
        .withReplicas(1)
        .withNewSelector()
        .withMatchLabels(LABELS)
        .endSelector()
        .withNewTemplate()
        .withNewMetadata()
        .withLabels(LABELS)
        .endMetadata()
        .withNewSpec()
        .addNewContainer()
        .withName("media-server")
        .withImage(image)
        .withImagePullPolicy("Never")
        .withArgs("standalone", "--rtmp-port", "" + RTMP, "--http-port", "" + HTTP)
        .addNewPort()
        .withName("rtmp")
        .withContainerPort(RTMP)
        .endPort()
        .addNewPort()
        .withName("http")
        .withContainerPort(HTTP)
        .endPort()
        .withNewReadinessProbe()
        .withNewHttpGet()
        .withPath("/readyz")
        .withPort(new IntOrString("http"))
        .endHttpGet()
        .withPeriodSeconds(1)
        .endReadinessProbe()
        .endContainer()
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }

  private static Service service() {
    return new ServiceBuilder()
        .withNewMetadata()
        .withName("media-server")
        .withLabels(LABELS)
        .endMetadata()
        .withNewSpec()
        .withSelector(LABELS)
        .addNewPort()
        .withName("rtmp")
        .withPort(RTMP)
        .withTargetPort(new IntOrString("rtmp"))
        .endPort()
        .addNewPort()
        .withName("http")
        .withPort(HTTP)
        .withTargetPort(new IntOrString("http"))
        .endPort()
        .endSpec()
        .build();
  }
}
