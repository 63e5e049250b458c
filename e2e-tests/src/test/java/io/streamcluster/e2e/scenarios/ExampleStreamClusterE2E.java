package io.streamcluster.e2e.scenarios;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.streamcluster.api.v1alpha1.StreamCluster;
import io.streamcluster.api.v1alpha1.StreamClusterStatus;
import io.streamcluster.e2e.E2EProject;
import io.streamcluster.media.testing.Command;
import io.streamcluster.media.testing.Ffmpeg;
import io.streamcluster.media.testing.Player;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Scenario 2: {@code kubectl apply} of {@code deploy/examples/live.yaml}: origin and the minimum of
 * edges Ready, status by the conventions, {@code /cluster} round-robin over playable edges.
 */
@Order(2)
class ExampleStreamClusterE2E extends Scenario {

  @Test
  void exampleBecomesReadyAndItsOriginHandsOutPlayableEdgesRoundRobin() throws Exception {
    Path example = E2EProject.root().resolve("deploy/examples/live.yaml");
    Command.Result applied = cluster.kubectl().apply(example, ns());
    assertThat(applied.succeeded()).as(applied.describe()).isTrue();

    StreamCluster live =
        timeline.measure(
            "apply live.yaml -> Ready",
            () -> StreamClusters.awaitReady(client, ns(), "live", Duration.ofMinutes(3)));
    int minEdges = live.getSpec().getAutoscaling().getMinEdges();
    StreamClusterStatus status = live.getStatus();
    assertThat(status.getObservedGeneration()).isEqualTo(live.getMetadata().getGeneration());
    for (String type : List.of(StreamClusterStatus.ORIGIN_READY, StreamClusterStatus.EDGES_READY)) {
      assertThat(StreamClusters.condition(live, type))
          .as("condition %s", type)
          .hasValueSatisfying(c -> assertThat(c.getStatus()).isEqualTo("True"));
    }
    assertThat(status.getOriginEndpoint()).isNotBlank();
    assertThat(status.getClusterUrl()).endsWith("/cluster");
    assertThat(status.getEdges().getReadyReplicas()).isGreaterThanOrEqualTo(minEdges);

    List<Pod> edges = StreamClusters.readyEdgePods(client, ns(), "live");
    assertThat(edges).hasSizeGreaterThanOrEqualTo(minEdges);
    Set<String> edgeAddresses =
        edges.stream().map(p -> p.getStatus().getPodIP() + ":" + RTMP).collect(Collectors.toSet());

    OriginApi origin = originApi("live");
    await("every edge checked in")
        .atMost(Duration.ofSeconds(60))
        .until(() -> origin.readyEdgeAddresses().size() >= edges.size());
    List<String> handedOut = origin.nextEdges(2 * edges.size());
    assertThat(edgeAddresses).containsAll(handedOut);
    assertThat(new LinkedHashSet<>(handedOut)).hasSize(edges.size());
    assertThat(handedOut.subList(edges.size(), handedOut.size()))
        .as("round-robin: the second round repeats the first")
        .isEqualTo(handedOut.subList(0, edges.size()));

    try (Ffmpeg.Running publisher =
        Ffmpeg.publish(originRtmp("live").rtmpUrl("live", "example"), 640, 360, 800)) {
      for (String address : new LinkedHashSet<>(handedOut)) {
        String url = "rtmp://" + reachEdge("live", address) + "/live/example";
        Player.Playback playback = Player.play(url, 25, Duration.ofSeconds(45));
        assertThat(playback.framesOfSize(640, 360))
            .as(
                "frames from edge %s; publisher: %s; player: %s",
                address, publisher.printed(), playback.printed())
            .isGreaterThanOrEqualTo(25);
      }
    }
  }
}
