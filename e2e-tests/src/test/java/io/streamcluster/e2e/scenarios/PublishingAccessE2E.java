package io.streamcluster.e2e.scenarios;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.streamcluster.api.v1alpha1.AutoscalingSpec;
import io.streamcluster.api.v1alpha1.PublishingSpec;
import io.streamcluster.api.v1alpha1.StreamCluster;
import io.streamcluster.api.v1alpha1.TokenSecretRefSpec;
import io.streamcluster.e2e.E2EProject;
import io.streamcluster.e2e.cluster.HostEndpoint;
import io.streamcluster.media.testing.Command;
import io.streamcluster.media.testing.Ffmpeg;
import io.streamcluster.media.testing.Player;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scenario 13: who may publish to an operator-managed StreamCluster. With {@code
 * spec.publishing.tokenSecretRef}, the origin refuses ffmpeg publishing without a token, and a key
 * made by the token tool ({@code java -jar media-server.jar token}) publishes a stream that a
 * player decodes through {@code /cluster}. The Secret edited to "new\nold" (a rotation window), a
 * key of the new secret publishes once the kubelet has updated the mounted file, with the origin
 * pod neither restarted nor replaced. Then {@code spec.publishing.webhookUrl} names a webhook that
 * says no (served by this test process on the node's address, which pods reach): a publisher with a
 * valid key is refused, since the token is checked first and then the webhook asked, and both must
 * say yes; the webhook was told the stream and the key's subject.
 */
@Order(13)
class PublishingAccessE2E extends Scenario {

  private static final String NAME = "pub";
  private static final String TOKENS = "publish-tokens";
  private static final String FIRST_SECRET = "first-publish-secret-0123456789";
  private static final String SECOND_SECRET = "second-publish-secret-0123456789";
  private static final int WIDTH = 640;
  private static final int HEIGHT = 480;

  @TempDir Path dir;

  @Test
  void anOriginWithPublishingRefusesStrangersAcceptsTokenHoldersAndObeysItsWebhook()
      throws Exception {
    writeTokenSecret(FIRST_SECRET);
    StreamCluster sc = StreamClusters.quick(NAME, 1, 1, 100);
    sc.getSpec().getAutoscaling().setMode(AutoscalingSpec.Mode.Off);
    PublishingSpec publishing = new PublishingSpec();
    publishing.setTokenSecretRef(new TokenSecretRefSpec(TOKENS));
    sc.getSpec().setPublishing(publishing);
    StreamClusters.create(client, ns(), sc);
    StreamClusters.awaitReady(client, ns(), NAME, Duration.ofMinutes(3));
    OriginApi origin = originApi(NAME);
    await("the edge checked in with the origin")
        .atMost(Duration.ofSeconds(60))
        .until(() -> !origin.readyEdgeAddresses().isEmpty());
    HostEndpoint rtmp = originRtmp(NAME);

    assertRefused(rtmp.rtmpUrl("live", "anonymous"), "publishing requires a token");

    String key = issue(FIRST_SECRET, "launch");
    try (Ffmpeg.Running publisher = Ffmpeg.publish(rtmp.rtmpUrl("live", key), WIDTH, HEIGHT)) {
      assertPlayedThroughCluster(origin, "launch", publisher);
    }

    Pod before = originPod();
    writeTokenSecret(SECOND_SECRET + "\n" + FIRST_SECRET);
    nudgeKubelet(before);
    timeline.step(
        "token Secret rotated -> the origin re-read it",
        () ->
            await("the origin re-read the rotated Secret")
                .atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofSeconds(2))
                .until(() -> originLog().contains("Secrets of publish tokens reloaded from")));
    String rotatedKey = issue(SECOND_SECRET, "rotated");
    try (Ffmpeg.Running publisher =
        Ffmpeg.publish(rtmp.rtmpUrl("live", rotatedKey), WIDTH, HEIGHT)) {
      assertPlayedThroughCluster(origin, "rotated", publisher);
    }
    Pod after = originPod();
    assertThat(after.getMetadata().getUid())
        .as("the same origin pod")
        .isEqualTo(before.getMetadata().getUid());
    assertThat(after.getStatus().getContainerStatuses())
        .allSatisfy(c -> assertThat(c.getRestartCount()).as("restarts").isZero());

    List<String> asked = new CopyOnWriteArrayList<>();
    String hookUrl = serveRefusingWebhook(before.getStatus().getHostIP(), asked);
    StreamClusters.edit(
        client,
        ns(),
        NAME,
        s -> {
          s.getSpec().getPublishing().setWebhookUrl(hookUrl);
        });
    timeline.step(
        "webhookUrl set -> origin restarted with it and Ready",
        () ->
            await("an origin pod with the webhook, Ready")
                .atMost(Duration.ofMinutes(3))
                .until(this::originWithWebhookReady));
    rtmp.awaitAcceptingConnections(Duration.ofSeconds(30));

    assertRefused(rtmp.rtmpUrl("live", issue(SECOND_SECRET, "scheduled")), "not on the schedule");
    assertThat(asked)
        .as("the webhook was asked")
        .anySatisfy(
            call ->
                assertThat(call)
                    .contains("\"action\":\"publish\"")
                    .contains("\"stream\":\"scheduled\"")
                    .contains("\"subject\":\"studio-a\""));
  }

  /** Creates or replaces the publish token Secret. */
  private void writeTokenSecret(String secrets) {
    client
        .secrets()
        .inNamespace(ns())
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName(TOKENS)
                .endMetadata()
                .withData(
                    Map.of(
                        TokenSecretRefSpec.DEFAULT_KEY,
                        Base64.getEncoder()
                            .encodeToString((secrets + "\n").getBytes(StandardCharsets.UTF_8))))
                .build())
        .createOr(NonDeletingOperation::update);
  }

  /**
   * Annotates the pod, which makes the kubelet sync it now and so refresh its Secret volumes, as it
   * otherwise does at its next periodic sync (73 s after the edit in this scenario's first run):
   * the wait is the kubelet's, not the server's, and the pod is neither restarted nor replaced.
   */
  private void nudgeKubelet(Pod pod) {
    client
        .pods()
        .inNamespace(ns())
        .withName(pod.getMetadata().getName())
        .edit(
            p ->
                new PodBuilder(p)
                    .editMetadata()
                    .addToAnnotations(
                        "e2e.streamcluster.io/secret-rotated", String.valueOf(System.nanoTime()))
                    .endMetadata()
                    .build());
  }

  /**
   * A publish key for {@code stream} held by "studio-a", made as docs/operations.md says: {@code
   * java -jar media-server.jar token --publish-secret-file FILE --stream S}.
   */
  private String issue(String secret, String stream) throws IOException {
    Path file = Files.writeString(dir.resolve("secret-" + stream), secret + "\n");
    Path jar = E2EProject.root().resolve("media-server/target/media-server.jar");
    Command.Result result =
        Command.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                jar.toString(),
                "token",
                "--publish-secret-file",
                file.toString(),
                "--stream",
                stream,
                "--subject",
                "studio-a",
                "--ttl",
                "PT1H")
            .timeout(Duration.ofSeconds(30))
            .run()
            .orThrow();
    String key = result.stdout().strip();
    assertThat(key).startsWith(stream + "?expires=").contains("&sub=studio-a&token=");
    return key;
  }

  /** A publisher at {@code url} is turned away (ffmpeg exits, failing) and the origin says why. */
  private void assertRefused(String url, String reason) throws Exception {
    try (Ffmpeg.Running publisher = Ffmpeg.publish(url, WIDTH, HEIGHT)) {
      await("the publisher refused")
          .atMost(Duration.ofSeconds(30))
          .until(() -> !publisher.isAlive());
      assertThat(publisher.process().exitValue())
          .as("ffmpeg's exit status; it printed: %s", publisher.printed())
          .isNotZero();
    }
    await("the origin's log says why")
        .atMost(Duration.ofSeconds(20))
        .until(() -> originLog().contains(reason));
  }

  /** A player sent to an edge by {@code /cluster} decodes 50 frames of the published stream. */
  private void assertPlayedThroughCluster(OriginApi origin, String stream, Ffmpeg.Running publisher)
      throws Exception {
    String edge = origin.nextEdge();
    Player.Playback playback =
        timeline.measure(
            "token holder's stream via /cluster -> 50 frames",
            () ->
                Player.play(
                    "rtmp://" + reachEdge(NAME, edge) + "/live/" + stream,
                    50,
                    Duration.ofSeconds(45)));
    assertThat(playback.framesOfSize(WIDTH, HEIGHT))
        .as(
            "frames of %s from %s; publisher: %s; player: %s",
            stream, edge, publisher.printed(), playback.printed())
        .isGreaterThanOrEqualTo(50);
  }

  /**
   * Serves, on {@code host} (the node's address, which is this host on the project's node), a
   * publish webhook that refuses everyone with a reason and notes what it was asked.
   */
  private String serveRefusingWebhook(String host, List<String> asked) throws IOException {
    HttpServer hook = HttpServer.create(new InetSocketAddress(host, 0), 0);
    hook.createContext(
        "/publish",
        exchange -> {
          asked.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
          refuse(exchange);
        });
    hook.start();
    closeAfter(() -> hook.stop(0));
    return "http://" + host + ":" + hook.getAddress().getPort() + "/publish";
  }

  private static void refuse(HttpExchange exchange) throws IOException {
    byte[] body = "{\"reason\":\"not on the schedule\"}".getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(403, body.length);
    exchange.getResponseBody().write(body);
    exchange.close();
  }

  private Pod originPod() {
    List<Pod> pods = StreamClusters.originPods(client, ns(), NAME);
    assertThat(pods).as("origin pods").hasSize(1);
    return pods.get(0);
  }

  private String originLog() {
    return client.pods().inNamespace(ns()).withName(originPod().getMetadata().getName()).getLog();
  }

  private boolean originWithWebhookReady() {
    List<Pod> pods = StreamClusters.originPods(client, ns(), NAME);
    return pods.size() == 1
        && pods.get(0).getMetadata().getDeletionTimestamp() == null
        && pods.get(0).getSpec().getContainers().stream()
            .anyMatch(c -> String.join(" ", c.getArgs()).contains("--publish-webhook-url"))
        && pods.get(0).getStatus().getConditions().stream()
            .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }
}
