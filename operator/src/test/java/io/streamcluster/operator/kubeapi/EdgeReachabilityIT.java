package io.streamcluster.operator.kubeapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatusBuilder;
import io.streamcluster.api.v1alpha1.AutoscalingSpec.Mode;
import io.streamcluster.api.v1alpha1.EdgeSpec.Advertise;
import io.streamcluster.api.v1alpha1.StreamCluster;
import io.streamcluster.api.v1alpha1.StreamClusterStatus;
import io.streamcluster.operator.scaleloop.OriginEndpoints;
import io.streamcluster.operator.status.Conditions;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Edges viewers outside the cluster can reach, on a real kube-apiserver. There is no kubelet, no
 * scheduler and no cloud: the test creates the Nodes, plays the kubelet by creating edge pods on
 * them (as {@link EdgeFleetSimulator} does) and reporting one that cannot be placed, and plays the
 * cloud's load-balancer controller by writing Services' status. The operator must write each edge's
 * external address onto its pod, keep a LoadBalancer Service per edge pod, and say in the
 * StreamCluster's conditions and Events why an edge has no address or no node.
 */
class EdgeReachabilityIT {

  static final String NAMESPACE = "reach-it";
  static final Duration TIMEOUT = OperatorHarness.TIMEOUT;
  static final String ADDRESS = "streamcluster.io/advertise-address";

  static OperatorHarness harness;
  static PlatformSimulator platform;

  @BeforeAll
  static void startTheOperator() throws IOException {
    OriginEndpoints closedPort = (names, replicas) -> List.of(URI.create("http://127.0.0.1:1"));
    harness = OperatorHarness.start(NAMESPACE, Duration.ofSeconds(1), closedPort);
    platform = new PlatformSimulator(harness.client, NAMESPACE);
  }

  @AfterAll
  static void stop() {
    if (harness != null) {
      harness.close();
    }
  }

  @Test
  void eachEdgeIsToldItsNodesExternalAddressAndOneWithoutStaysOutWithAReason() {
    platform.node("ext-a", Map.of(), "203.0.113.10");
    platform.node("ext-b", Map.of("streamcluster.io/external-address", "198.51.100.7"), null);
    platform.node("ext-c", Map.of(), null);
    create("ext", Advertise.NodeExternalIP, 3);
    harness.await(Deployment.class, "ext-edge");

    platform.edgePod("ext", "ext-edge-a", "ext-a");
    platform.edgePod("ext", "ext-edge-b", "ext-b");
    platform.edgePod("ext", "ext-edge-c", "ext-c");

    awaitPod("ext-edge-a", p -> "203.0.113.10".equals(PlatformSimulator.advertised(p)));
    awaitPod("ext-edge-b", p -> "198.51.100.7".equals(PlatformSimulator.advertised(p)));
    StreamCluster missing =
        harness.awaitStatus(
            "ext",
            sc -> reachable(sc).filter(c -> "NoExternalAddress".equals(c.getReason())).isPresent());
    Condition unreachable = reachable(missing).orElseThrow();
    assertThat(unreachable.getStatus()).isEqualTo("False");
    assertThat(unreachable.getMessage())
        .startsWith("1 of 3 edges has no external address and stay out of the rotation")
        .contains("pod ext-edge-c on node ext-c")
        .contains("streamcluster.io/external-address");
    assertThat(PlatformSimulator.advertised(pod("ext-edge-c"))).isNull();
    awaitEvent("ext", e -> "NoExternalAddress".equals(e.getReason()));

    // the platform team annotates the node behind NAT; the node behind ext-a changes its address
    platform.annotateExternalAddress("ext-c", "192.0.2.3");
    platform.externalIp("ext-a", "203.0.113.11");

    awaitPod("ext-edge-c", p -> "192.0.2.3".equals(PlatformSimulator.advertised(p)));
    awaitPod("ext-edge-a", p -> "203.0.113.11".equals(PlatformSimulator.advertised(p)));
    // the two changes may reach the status in one reconcile or in two: wait for the second
    StreamCluster reached =
        harness.awaitStatus(
            "ext",
            sc ->
                reachable(sc)
                    .filter(c -> "True".equals(c.getStatus()))
                    .filter(c -> c.getMessage().contains("ext-edge-a 203.0.113.11"))
                    .isPresent());
    assertThat(reachable(reached).orElseThrow().getMessage())
        .startsWith("3 edges hand out external addresses")
        .contains("ext-edge-a 203.0.113.11");
    awaitEvent(
        "ext", e -> "ExternalAddresses".equals(e.getReason()) && "Normal".equals(e.getType()));
  }

  @Test
  void anEdgeThatNeedsANodeOfItsOwnAndFindsNoneIsNamedOnEdgesReady() {
    platform.node("lonely-a", Map.of(), "203.0.113.20");
    create("lonely", Advertise.NodeExternalIP, 2);
    Deployment edges = harness.await(Deployment.class, "lonely-edge");
    assertThat(
            edges
                .getSpec()
                .getTemplate()
                .getSpec()
                .getAffinity()
                .getPodAntiAffinity()
                .getRequiredDuringSchedulingIgnoredDuringExecution())
        .as("edges with ports on the node are kept apart")
        .hasSize(1);

    // the origin is up, so the edges are what the cluster waits for
    harness
        .client
        .apps()
        .statefulSets()
        .inNamespace(NAMESPACE)
        .withName(harness.await(StatefulSet.class, "lonely-origin").getMetadata().getName())
        .editStatus(
            s -> {
              s.setStatus(
                  new StatefulSetStatusBuilder().withReplicas(1).withReadyReplicas(1).build());
              return s;
            });
    platform.edgePod("lonely", "lonely-edge-a", "lonely-a");
    Pod pending = platform.edgePod("lonely", "lonely-edge-b", null);
    platform.unschedulable(
        pending,
        "0/1 nodes are available: 1 node(s) didn't have free ports for the requested pod ports.");

    StreamCluster said =
        harness.awaitStatus(
            "lonely",
            sc ->
                Conditions.find(sc.getStatus().getConditions(), StreamClusterStatus.EDGES_READY)
                        .filter(c -> "EdgesUnschedulable".equals(c.getReason()))
                        .isPresent()
                    && Conditions.find(sc.getStatus().getConditions(), StreamClusterStatus.READY)
                        .filter(c -> "EdgesNotReady".equals(c.getReason()))
                        .isPresent());
    Condition edgesReady =
        Conditions.find(said.getStatus().getConditions(), StreamClusterStatus.EDGES_READY)
            .orElseThrow();
    assertThat(edgesReady.getMessage())
        .contains("1 edge pod cannot be scheduled (lonely-edge-b: 0/1 nodes are available")
        .contains("each edge needs a node of its own");
    assertThat(
            Conditions.find(said.getStatus().getConditions(), StreamClusterStatus.READY)
                .orElseThrow()
                .getMessage())
        .contains("cannot be scheduled");
    awaitEvent("lonely", e -> "EdgesUnschedulable".equals(e.getReason()));
  }

  @Test
  void eachEdgeGetsALoadBalancerOfItsOwnAndHandsOutItsIngressOnceTheCloudAssignsOne() {
    platform.node("lb-node", Map.of(), null);
    create("lb", Advertise.LoadBalancer, 2);
    harness.await(Deployment.class, "lb-edge");
    platform.edgePod("lb", "lb-edge-a", "lb-node");
    platform.edgePod("lb", "lb-edge-b", "lb-node");

    Service a = harness.await(Service.class, "lb-edge-a");
    harness.await(Service.class, "lb-edge-b");
    assertThat(a.getSpec().getType()).isEqualTo("LoadBalancer");
    assertThat(a.getSpec().getSelector()).containsEntry("streamcluster.io/edge-pod", "lb-edge-a");
    assertThat(a.getSpec().getPorts())
        .extracting(p -> p.getName() + ":" + p.getPort())
        .containsExactly("rtmp:1935", "http:5080");
    assertThat(a.getMetadata().getOwnerReferences())
        .extracting(r -> r.getKind() + "/" + r.getName())
        .containsExactly("StreamCluster/lb", "Pod/lb-edge-a");
    awaitPod(
        "lb-edge-a",
        p -> "lb-edge-a".equals(p.getMetadata().getLabels().get("streamcluster.io/edge-pod")));
    StreamCluster pending =
        harness.awaitStatus(
            "lb",
            sc ->
                reachable(sc).filter(c -> "LoadBalancerPending".equals(c.getReason())).isPresent());
    assertThat(reachable(pending).orElseThrow().getMessage())
        .contains("2 of 2 edges have no external address")
        .contains("no load-balancer ingress yet");
    awaitEvent("lb", e -> "LoadBalancerPending".equals(e.getReason()));

    // the cloud's controller: one IP, one host name
    platform.assignIngress("lb-edge-a", "192.0.2.51", null);
    platform.assignIngress("lb-edge-b", null, "b.elb.example.com");

    awaitPod("lb-edge-a", p -> "192.0.2.51".equals(PlatformSimulator.advertised(p)));
    awaitPod("lb-edge-b", p -> "b.elb.example.com".equals(PlatformSimulator.advertised(p)));
    harness.awaitStatus(
        "lb", sc -> reachable(sc).filter(c -> "True".equals(c.getStatus())).isPresent());

    // a draining edge keeps its Service (its players are behind it) until its pod is gone
    harness
        .client
        .pods()
        .inNamespace(NAMESPACE)
        .withName("lb-edge-b")
        .withGracePeriod(600)
        .delete();
    awaitPod("lb-edge-b", p -> p.getMetadata().getDeletionTimestamp() != null);
    await()
        .during(Duration.ofSeconds(2))
        .atMost(TIMEOUT)
        .until(() -> harness.find(Service.class, "lb-edge-b").isPresent());
    harness.client.pods().inNamespace(NAMESPACE).withName("lb-edge-b").withGracePeriod(0).delete();
    await("the gone edge's Service deleted")
        .atMost(TIMEOUT)
        .until(() -> harness.find(Service.class, "lb-edge-b").isEmpty());
    assertThat(harness.find(Service.class, "lb-edge-a")).isPresent();

    // another mode: no edge has a Service of its own any more
    harness.change("lb", sc -> sc.getSpec().getEdge().setAdvertise(Advertise.PodIP));
    await("per-edge Services deleted with the mode")
        .atMost(TIMEOUT)
        .until(() -> harness.find(Service.class, "lb-edge-a").isEmpty());
  }

  @Test
  void aHostnameIsHandedOutOnlyOnceItsLoadBalancerExists() {
    create(
        "named",
        Advertise.LoadBalancer,
        1,
        sc -> sc.getSpec().getEdge().setAdvertiseHostname("{pod}.edges.example.com"));
    harness.await(Deployment.class, "named-edge");
    platform.node("named-node", Map.of(), null);
    platform.edgePod("named", "named-edge-a", "named-node");

    Service service = harness.await(Service.class, "named-edge-a");
    assertThat(service.getMetadata().getAnnotations())
        .containsEntry(
            "external-dns.alpha.kubernetes.io/hostname", "named-edge-a.edges.example.com");
    await()
        .during(Duration.ofSeconds(1))
        .atMost(TIMEOUT)
        .until(() -> PlatformSimulator.advertised(pod("named-edge-a")) == null);

    platform.assignIngress("named-edge-a", "192.0.2.60", null);
    awaitPod(
        "named-edge-a",
        p -> "named-edge-a.edges.example.com".equals(PlatformSimulator.advertised(p)));
  }

  private static StreamCluster create(String name, Advertise mode, int edges) {
    return create(name, mode, edges, sc -> {});
  }

  private static StreamCluster create(
      String name, Advertise mode, int edges, java.util.function.Consumer<StreamCluster> more) {
    StreamCluster cluster = harness.newCluster(name);
    cluster.getSpec().getAutoscaling().setMode(Mode.Off);
    cluster.getSpec().getEdge().setAdvertise(mode);
    cluster.getSpec().getEdge().setReplicas(edges);
    more.accept(cluster);
    return harness.clusters().inNamespace(NAMESPACE).resource(cluster).create();
  }

  static Pod pod(String name) {
    return harness.client.pods().inNamespace(NAMESPACE).withName(name).get();
  }

  static void awaitPod(String name, Predicate<Pod> test) {
    harness.await(Pod.class, name, test);
  }

  static Optional<Condition> reachable(StreamCluster sc) {
    return Conditions.find(sc.getStatus().getConditions(), StreamClusterStatus.EDGES_REACHABLE);
  }

  static void awaitEvent(String cluster, Predicate<Event> test) {
    await("an Event on " + cluster)
        .atMost(TIMEOUT)
        .until(() -> harness.events(cluster).stream().anyMatch(test));
  }
}
