package io.streamcluster.e2e.scenarios;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.streamcluster.e2e.Timeline;
import io.streamcluster.e2e.cluster.ClusterExtension;
import io.streamcluster.e2e.cluster.HostEndpoint;
import io.streamcluster.e2e.cluster.TestCluster;
import io.streamcluster.e2e.cluster.TestNamespace;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What every scenario has: the run's cluster and operator installation, a namespace of its own, and
 * whatever it opened (players, publishers, port-forwards) closed after it.
 */
@ExtendWith({ClusterExtension.class, OperatorExtension.class})
abstract class Scenario {

  static final int RTMP = 1935;
  static final int HTTP = 5080;

  /** The media servers' internal port: the cluster API, metrics. */
  static final int INTERNAL = 9080;

  TestCluster cluster;
  KubernetesClient client;
  OperatorInstallation operator;
  Timeline timeline;
  TestNamespace namespace;
  private final List<AutoCloseable> opened = new ArrayList<>();

  @BeforeEach
  void openNamespace(
      TestCluster cluster, OperatorInstallation operator, Timeline timeline, TestInfo test) {
    this.cluster = cluster;
    this.client = cluster.client();
    this.operator = operator;
    this.timeline = timeline;
    this.namespace = TestNamespace.create(client, getClass().getSimpleName().replace("E2E", ""));
  }

  @AfterEach
  void closeEverything() throws Exception {
    for (int i = opened.size() - 1; i >= 0; i--) {
      opened.get(i).close();
    }
    opened.clear();
    if (namespace != null) {
      namespace.close();
    }
  }

  String ns() {
    return namespace.name();
  }

  <T extends AutoCloseable> T closeAfter(T resource) {
    opened.add(resource);
    return resource;
  }

  /**
   * The origin's cluster API as the host reaches it: {@code /cluster} on its public Service's HTTP
   * port, the rest on its internal Service.
   */
  OriginApi originApi(String streamCluster) throws InterruptedException {
    return new OriginApi(
        closeAfter(cluster.reach(StreamClusters.originService(client, ns(), streamCluster), HTTP))
            .awaitAcceptingConnections(java.time.Duration.ofSeconds(30)),
        closeAfter(
                cluster.reach(
                    StreamClusters.originInternalService(client, ns(), streamCluster), INTERNAL))
            .awaitAcceptingConnections(java.time.Duration.ofSeconds(30)),
        StreamClusters.clusterSecret(client, ns(), streamCluster));
  }

  /** The origin's RTMP port, for publishers on the host. */
  HostEndpoint originRtmp(String streamCluster) throws InterruptedException {
    return closeAfter(
            cluster.reach(StreamClusters.originService(client, ns(), streamCluster), RTMP))
        .awaitAcceptingConnections(java.time.Duration.ofSeconds(30));
  }

  /** A long-running player on the edge {@code /cluster} handed out, closed after the test. */
  LivePlayer playOn(String streamCluster, String edge, String stream) {
    return closeAfter(LivePlayer.onEdge(edge, reachEdge(streamCluster, edge), stream));
  }

  /**
   * Where the host plays from an edge that {@code /cluster} named as {@code ip:port}: that address
   * itself on the node, a port-forward to the pod with that IP elsewhere.
   */
  String reachEdge(String streamCluster, String address) {
    String ip = address.substring(0, address.lastIndexOf(':'));
    int port = Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
    Pod pod =
        StreamClusters.edgePods(client, ns(), streamCluster).stream()
            .filter(p -> ip.equals(p.getStatus().getPodIP()))
            .findFirst()
            .orElseThrow(
                () ->
                    new AssertionError("/cluster named " + address + ", no edge pod has that IP"));
    return closeAfter(cluster.reach(pod, port)).authority();
  }
}
