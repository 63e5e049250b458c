package io.streamcluster.e2e.scenarios;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.streamcluster.api.v1alpha1.AutoscalingSpec;
import io.streamcluster.api.v1alpha1.EdgeSpec.Advertise;
import io.streamcluster.api.v1alpha1.StreamCluster;
import io.streamcluster.api.v1alpha1.StreamClusterStatus;
import io.streamcluster.api.v1alpha1.TlsSpec;
import io.streamcluster.media.testing.Ffmpeg;
import io.streamcluster.media.testing.Player;
import io.streamcluster.media.testing.TestCertificates;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Scenario 10: edges viewers outside the cluster can reach. The node gets an external address the
 * host reaches (the project's node: 192.0.2.10 on its bridge; elsewhere each node's InternalIP),
 * told to Kubernetes through the documented Node annotation. A StreamCluster with {@code advertise:
 * NodeExternalIP}: its edge is told that address (operator, pod annotation, downward-API file),
 * {@code /cluster} and {@code /api/v1/edges/next} hand it out, and a player on the host decodes
 * frames from it over RTMP and HTTP-FLV, with no port-forward. A second edge finds no node of its
 * own and the StreamCluster says so; an edge whose node loses its address leaves the rotation and
 * the StreamCluster says why. With {@code spec.tls} added, the same address serves RTMPS and
 * HTTPS-FLV to players that verify its certificate.
 */
@Order(10)
class ReachableEdgesE2E extends Scenario {

  static final String NAME = "reach";
  static final String NODE_ANNOTATION = "streamcluster.io/external-address";
  static final String POD_ANNOTATION = "streamcluster.io/advertise-address";
  static final String TLS_SECRET = "reach-tls";
  static final String ORIGIN_TLS_NAME = "origin.reach.test";

  @Test
  void playersOnTheHostGetTheNodesExternalAddressAndPlayFromIt() throws Exception {
    Map<String, String> external = cluster.nodeExternalAddresses();
    assertThat(external).as("nodes with an address the host reaches").isNotEmpty();
    whatTheKubeletDoesToAPatchedExternalIp(external);
    closeAfter(annotateNodes(external));

    StreamCluster sc = StreamClusters.quick(NAME, 1, 1, 100);
    sc.getSpec().getAutoscaling().setMode(AutoscalingSpec.Mode.Off);
    sc.getSpec().getEdge().setAdvertise(Advertise.NodeExternalIP);
    StreamClusters.create(client, ns(), sc);
    timeline.step(
        "apply NodeExternalIP -> edge pod told its address",
        () ->
            await("an edge pod annotated with its node's external address")
                .atMost(Duration.ofMinutes(3))
                .until(
                    () ->
                        StreamClusters.edgePods(client, ns(), NAME).stream()
                            .anyMatch(
                                p ->
                                    p.getMetadata().getAnnotations() != null
                                        && p.getMetadata()
                                            .getAnnotations()
                                            .containsKey(POD_ANNOTATION))));
    timeline.measure(
        "edge told its address -> StreamCluster Ready (downward-API refresh, check-in)",
        () -> StreamClusters.awaitReady(client, ns(), NAME, Duration.ofMinutes(3)));
    Pod edge = StreamClusters.readyEdgePods(client, ns(), NAME).get(0);
    String address = external.get(edge.getSpec().getNodeName());
    assertThat(edge.getMetadata().getAnnotations())
        .as("the operator told the edge its node's external address")
        .containsEntry(POD_ANNOTATION, address);

    OriginApi origin = originApi(NAME);
    await("the edge checked in with its external address")
        .atMost(Duration.ofSeconds(60))
        .until(() -> origin.readyEdgeAddresses().contains(address + ":" + RTMP));
    assertThat(origin.nextEdge()).isEqualTo(address + ":" + RTMP);
    JsonNode next = origin.nextEdgeFor("launch");
    assertThat(next.path("rtmpUrl").asText()).isEqualTo("rtmp://" + address + ":1935/live/launch");
    assertThat(next.path("flvUrl").asText())
        .isEqualTo("http://" + address + ":5080/live/launch.flv");
    assertThat(condition(StreamClusterStatus.EDGES_REACHABLE))
        .satisfies(
            c -> {
              assertThat(c.getStatus()).isEqualTo("True");
              assertThat(c.getMessage()).contains(address);
            });

    try (Ffmpeg.Running publisher =
        Ffmpeg.publish(originRtmp(NAME).rtmpUrl("live", "launch"), 1024, 768, 1500)) {
      for (String url : List.of(next.path("rtmpUrl").asText(), next.path("flvUrl").asText())) {
        Player.Playback playback =
            timeline.measure(
                "player on the host, "
                    + url.substring(0, url.indexOf(':'))
                    + " at the node's external address -> 50 frames",
                () -> Player.play(url, 50, Duration.ofSeconds(45)));
        assertThat(playback.framesOfSize(1024, 768))
            .as(
                "frames from %s; publisher: %s; player: %s",
                url, publisher.printed(), playback.printed())
            .isGreaterThanOrEqualTo(50);
      }
    }

    aSecondEdgeFindsNoNodeOfItsOwnAndTheClusterSaysSo();
    anEdgeWhoseNodeLosesItsAddressLeavesTheRotation(edge.getSpec().getNodeName(), address, origin);
    withTlsTheEdgeServesRtmpsAndHttpsAtThatAddress(address, origin);
  }

  /**
   * {@code spec.tls} added to the running StreamCluster: the pods roll onto the Secret, the edge
   * hands out RTMPS and HTTPS URLs at the node's external address, and players on the host that
   * verify the certificate (issued for that address) decode frames over both. The edges verify the
   * origin they pull from by the name {@code spec.tls.originServerName}.
   */
  private void withTlsTheEdgeServesRtmpsAndHttpsAtThatAddress(String address, OriginApi origin)
      throws Exception {
    Path dir = Files.createTempDirectory("reach-tls-");
    TestCertificates authority = TestCertificates.authority(dir, "reach e2e CA");
    TestCertificates.Issued issued = authority.issue(address, ORIGIN_TLS_NAME);
    client
        .secrets()
        .inNamespace(ns())
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName(TLS_SECRET)
                .endMetadata()
                .withType("kubernetes.io/tls")
                .addToData("tls.crt", base64(issued.certificate()))
                .addToData("tls.key", base64(issued.key()))
                .addToData("ca.crt", base64(issued.caFile()))
                .build())
        .create();
    StreamClusters.edit(
        client,
        ns(),
        NAME,
        s -> {
          TlsSpec tls = new TlsSpec(TLS_SECRET);
          tls.setOriginServerName(ORIGIN_TLS_NAME);
          s.getSpec().setTls(tls);
        });
    String rtmpsUrl = "rtmps://" + address + ":1936/live/launch";
    String httpsFlvUrl = "https://" + address + ":5443/live/launch.flv";
    timeline.step(
        "spec.tls added -> the edge at the external address hands out RTMPS",
        () ->
            await("/api/v1/edges/next hands out RTMPS and HTTPS at the node's address")
                .atMost(Duration.ofMinutes(4))
                .ignoreExceptions()
                .until(
                    () -> {
                      JsonNode next = origin.nextEdgeFor("launch");
                      return rtmpsUrl.equals(next.path("rtmpsUrl").asText())
                          && httpsFlvUrl.equals(next.path("httpsFlvUrl").asText());
                    }));
    try (Ffmpeg.Running publisher =
        Ffmpeg.publish(originRtmp(NAME).rtmpUrl("live", "launch"), 1024, 768, 1500)) {
      for (String url : List.of(rtmpsUrl, httpsFlvUrl)) {
        Player.Playback playback =
            timeline.measure(
                "verifying player on the host, "
                    + url.substring(0, url.indexOf(':'))
                    + " at the node's external address -> 50 frames",
                () ->
                    Player.play(
                        url, 50, Duration.ofSeconds(60), Ffmpeg.verifyingTls(issued.caFile())));
        assertThat(playback.framesOfSize(1024, 768))
            .as(
                "frames from %s; publisher: %s; player: %s",
                url, publisher.printed(), playback.printed())
            .isGreaterThanOrEqualTo(50);
      }
    }
  }

  private static String base64(Path file) throws IOException {
    return Base64.getEncoder().encodeToString(Files.readAllBytes(file));
  }

  /**
   * Host ports: one edge per node. On one node the second edge stays Pending, and EdgesReady and an
   * Event say why; back to one edge, the cluster is Ready again.
   */
  private void aSecondEdgeFindsNoNodeOfItsOwnAndTheClusterSaysSo() throws Exception {
    if (client.nodes().list().getItems().size() > 1) {
      timeline.note("reach: more than one node, the one-edge-per-node check needs a single node");
      return;
    }
    StreamClusters.edit(
        client,
        ns(),
        NAME,
        s -> {
          s.getSpec().getEdge().setReplicas(2);
        });
    timeline.step(
        "second edge on a one-node cluster -> EdgesUnschedulable",
        () ->
            await("EdgesReady names the edge that has no node")
                .atMost(Duration.ofSeconds(90))
                .until(
                    () ->
                        StreamClusters.condition(
                                StreamClusters.get(client, ns(), NAME),
                                StreamClusterStatus.EDGES_READY)
                            .filter(c -> "EdgesUnschedulable".equals(c.getReason()))
                            .isPresent()));
    assertThat(condition(StreamClusterStatus.EDGES_READY).getMessage())
        .contains("each edge needs a node of its own");
    await().atMost(Duration.ofSeconds(30)).until(() -> hasEvent("EdgesUnschedulable"));
    StreamClusters.edit(
        client,
        ns(),
        NAME,
        s -> {
          s.getSpec().getEdge().setReplicas(1);
        });
    StreamClusters.awaitReady(client, ns(), NAME, Duration.ofMinutes(2));
  }

  /**
   * The platform team takes the node's address away: the operator takes it from the edge, which
   * leaves the rotation, and the StreamCluster says why; given back, the edge returns.
   */
  private void anEdgeWhoseNodeLosesItsAddressLeavesTheRotation(
      String node, String address, OriginApi origin) throws Exception {
    Instant lost = Instant.now();
    annotate(node, null);
    timeline.step(
        "node address removed -> edge out of /cluster",
        () ->
            await("/cluster has no edge to give")
                .atMost(Duration.ofSeconds(120))
                .until(() -> origin.clusterStatus() == 503));
    await("EdgesReachable says why")
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                StreamClusters.condition(
                        StreamClusters.get(client, ns(), NAME), StreamClusterStatus.EDGES_REACHABLE)
                    .filter(c -> "NoExternalAddress".equals(c.getReason()))
                    .isPresent());
    assertThat(condition(StreamClusterStatus.EDGES_REACHABLE).getMessage())
        .contains("on node " + node)
        .contains(NODE_ANNOTATION);
    await().atMost(Duration.ofSeconds(30)).until(() -> hasEvent("NoExternalAddress"));
    timeline.note(
        "reach: node address removed -> out of /cluster after "
            + Duration.between(lost, Instant.now()).toMillis()
            + " ms (pod annotation, kubelet's downward-API refresh, next check-in, origin TTL)");

    annotate(node, address);
    timeline.step(
        "node address back -> edge in /cluster",
        () ->
            await("the edge is handed out again")
                .atMost(Duration.ofSeconds(120))
                .until(() -> origin.clusterStatus() == 200));
    assertThat(origin.nextEdge()).isEqualTo(address + ":" + RTMP);
  }

  /**
   * The issue's first route: an ExternalIP patched into the Node's status. The kubelet owns
   * status.addresses and writes its own view back; what happened is noted in the timeline, and the
   * scenario goes on with the annotation route, which nothing overwrites.
   */
  private void whatTheKubeletDoesToAPatchedExternalIp(Map<String, String> external)
      throws Exception {
    String node = external.keySet().iterator().next();
    String address = external.get(node);
    client
        .nodes()
        .withName(node)
        .editStatus(
            n -> {
              List<NodeAddress> addresses = new ArrayList<>(n.getStatus().getAddresses());
              addresses.removeIf(a -> "ExternalIP".equals(a.getType()));
              addresses.add(new NodeAddress(address, "ExternalIP"));
              n.getStatus().setAddresses(addresses);
              return n;
            });
    Instant patched = Instant.now();
    Optional<Instant> gone = Optional.empty();
    while (Duration.between(patched, Instant.now()).compareTo(Duration.ofSeconds(30)) < 0) {
      if (!hasExternalIp(client.nodes().withName(node).get())) {
        gone = Optional.of(Instant.now());
        break;
      }
      Thread.sleep(500);
    }
    timeline.note(
        gone.map(
                t ->
                    "reach: ExternalIP patched into the Node's status, overwritten by the kubelet after "
                        + Duration.between(patched, t).toMillis()
                        + " ms: the annotation "
                        + NODE_ANNOTATION
                        + " is the route")
            .orElse("reach: ExternalIP patched into the Node's status, still there after 30 s"));
  }

  private static boolean hasExternalIp(Node node) {
    return node.getStatus().getAddresses().stream().anyMatch(a -> "ExternalIP".equals(a.getType()));
  }

  /** Annotates every node with its external address; the annotations go after the test. */
  private AutoCloseable annotateNodes(Map<String, String> external) {
    external.forEach(this::annotate);
    return () -> external.keySet().forEach(node -> annotate(node, null));
  }

  private void annotate(String node, String address) {
    client
        .nodes()
        .withName(node)
        .edit(
            n -> {
              if (address == null) {
                if (n.getMetadata().getAnnotations() != null) {
                  n.getMetadata().getAnnotations().remove(NODE_ANNOTATION);
                }
              } else {
                n.getMetadata().getAnnotations().put(NODE_ANNOTATION, address);
              }
              return n;
            });
  }

  private Condition condition(String type) {
    return StreamClusters.condition(StreamClusters.get(client, ns(), NAME), type).orElseThrow();
  }

  private boolean hasEvent(String reason) {
    List<Event> events = client.v1().events().inNamespace(ns()).list().getItems();
    return events.stream()
        .anyMatch(
            e -> NAME.equals(e.getInvolvedObject().getName()) && reason.equals(e.getReason()));
  }
}
