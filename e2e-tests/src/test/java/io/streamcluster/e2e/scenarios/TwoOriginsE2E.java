package io.streamcluster.e2e.scenarios;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.streamcluster.api.v1alpha1.AutoscalingSpec;
import io.streamcluster.api.v1alpha1.StreamCluster;
import io.streamcluster.e2e.cluster.HostEndpoint;
import io.streamcluster.media.clusterapi.ClusterApiClient;
import io.streamcluster.media.testing.Command;
import io.streamcluster.media.testing.Ffmpeg;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Scenario 11 (opt-in: {@code -De2e.scenarios=true}; runs before removal, scenario 10): a
 * StreamCluster with two origins, which the operator makes each other's peers through the headless
 * Service. ffmpeg publishes a name to origin-0's pod; origin-1 refuses the same name, and origin-0
 * keeps its publisher.
 */
@Order(11)
class TwoOriginsE2E extends Scenario {

  @Test
  void theSecondOriginRefusesANameLiveOnTheFirst() throws Exception {
    StreamCluster sc = StreamClusters.quick("peers", 1, 1, 100);
    sc.getSpec().getOrigin().setReplicas(2);
    sc.getSpec().getAutoscaling().setMode(AutoscalingSpec.Mode.Off);
    StreamClusters.create(client, ns(), sc);
    StreamClusters.awaitReady(client, ns(), "peers", Duration.ofMinutes(3));

    Pod first = originPod("peers-origin-0");
    Pod second = originPod("peers-origin-1");
    HostEndpoint firstApi = reach(first, INTERNAL);
    HostEndpoint secondApi = reach(second, INTERNAL);
    ClusterApiClient api =
        new ClusterApiClient(Duration.ofSeconds(10))
            .signedWith(StreamClusters.clusterSecret(client, ns(), "peers"));

    Ffmpeg.Running publisher =
        closeAfter(Ffmpeg.publish(reach(first, RTMP).rtmpUrl("live", "launch"), 640, 360, 800));
    await("the name is live on origin-0")
        .atMost(Duration.ofSeconds(30))
        .until(() -> live(api, firstApi, "launch"));

    Ffmpeg.Running duplicate =
        closeAfter(Ffmpeg.publish(reach(second, RTMP).rtmpUrl("live", "launch"), 640, 360, 800));
    await("origin-1 refuses the name")
        .atMost(Duration.ofSeconds(30))
        .until(() -> !duplicate.isAlive());

    assertThat(live(api, secondApi, "launch")).isFalse();
    Command.Result logs = cluster.kubectl().run("logs", "peers-origin-1", "-n", ns());
    assertThat(logs.stdout())
        .as(logs.describe())
        .contains("already live on origin peers-origin-0.peers-origin-headless." + ns());
    assertThat(publisher.isAlive()).as(publisher.printed()).isTrue();
  }

  private Pod originPod(String name) {
    Pod pod = client.pods().inNamespace(ns()).withName(name).get();
    assertThat(pod).as("origin pod %s/%s", ns(), name).isNotNull();
    return pod;
  }

  private HostEndpoint reach(Pod pod, int port) throws InterruptedException {
    return closeAfter(cluster.reach(pod, port)).awaitAcceptingConnections(Duration.ofSeconds(30));
  }

  /** Whether the origin's cluster API says {@code stream} is live there (a signed lookup). */
  private static boolean live(ClusterApiClient api, HostEndpoint origin, String stream)
      throws Exception {
    return api.lookupStream(ClusterApiClient.origin(origin.authority()), stream)
        .get(15, TimeUnit.SECONDS)
        .isPresent();
  }
}
