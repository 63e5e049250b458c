package io.streamcluster.e2e.scenarios;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.streamcluster.api.v1alpha1.AutoscalingSpec;
import io.streamcluster.api.v1alpha1.StreamCluster;
import io.streamcluster.e2e.cluster.HostEndpoint;
import io.streamcluster.media.testing.Command;
import io.streamcluster.media.testing.Ffmpeg;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
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

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @Test
  void theSecondOriginRefusesANameLiveOnTheFirst() throws Exception {
    StreamCluster sc = StreamClusters.quick("peers", 1, 1, 100);
    sc.getSpec().getOrigin().setReplicas(2);
    sc.getSpec().getAutoscaling().setMode(AutoscalingSpec.Mode.Off);
    StreamClusters.create(client, ns(), sc);
    StreamClusters.awaitReady(client, ns(), "peers", Duration.ofMinutes(3));

    Pod first = originPod("peers-origin-0");
    Pod second = originPod("peers-origin-1");
    HostEndpoint firstHttp = reach(first, HTTP);
    HostEndpoint secondHttp = reach(second, HTTP);

    Ffmpeg.Running publisher =
        closeAfter(Ffmpeg.publish(reach(first, RTMP).rtmpUrl("live", "launch"), 640, 360, 800));
    await("the name is live on origin-0")
        .atMost(Duration.ofSeconds(30))
        .until(() -> status(firstHttp, "/api/v1/streams/launch") == 200);

    Ffmpeg.Running duplicate =
        closeAfter(Ffmpeg.publish(reach(second, RTMP).rtmpUrl("live", "launch"), 640, 360, 800));
    await("origin-1 refuses the name")
        .atMost(Duration.ofSeconds(30))
        .until(() -> !duplicate.isAlive());

    assertThat(status(secondHttp, "/api/v1/streams/launch")).isEqualTo(404);
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

  private int status(HostEndpoint endpoint, String path) throws Exception {
    return http.send(
            HttpRequest.newBuilder(URI.create(endpoint.httpUrl(path)))
                .timeout(Duration.ofSeconds(10))
                .build(),
            HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }
}
