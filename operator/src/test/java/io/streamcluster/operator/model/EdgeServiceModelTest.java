package io.streamcluster.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.streamcluster.api.v1alpha1.EdgeLoadBalancerSpec;
import io.streamcluster.api.v1alpha1.EdgeSpec.Advertise;
import io.streamcluster.api.v1alpha1.StreamCluster;
import io.streamcluster.api.v1alpha1.TlsSpec;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EdgeServiceModelTest {

  StreamCluster cluster = StreamClusters.named("live", "video");

  static Pod pod(String name) {
    return new PodBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace("video")
        .withUid("pod-uid-" + name)
        .endMetadata()
        .build();
  }

  EdgeServiceModel model() {
    return EdgeServiceModel.of(
        cluster,
        EdgeModel.fromCrd(
            cluster, EdgeModelTest.IMAGE, MediaServerTls.fromCrd(cluster, Optional.empty())));
  }

  @Test
  void onlyTheLoadBalancerModeGivesEdgesServices() {
    assertThat(model().enabled()).isFalse();
    cluster.getSpec().getEdge().setAdvertise(Advertise.LoadBalancer);
    assertThat(model().enabled()).isTrue();
  }

  @Test
  void eachEdgeGetsALoadBalancerOfItsOwnSelectingItAlone() {
    cluster.getSpec().getEdge().setAdvertise(Advertise.LoadBalancer);
    EdgeLoadBalancerSpec loadBalancer = new EdgeLoadBalancerSpec();
    loadBalancer.setAnnotations(Map.of("service.beta.kubernetes.io/aws-load-balancer-type", "nlb"));
    cluster.getSpec().getEdge().setLoadBalancer(loadBalancer);

    Service service = model().generateService(pod("live-edge-7c9d-x2x7k"));

    assertThat(service.getMetadata().getName()).isEqualTo("live-edge-7c9d-x2x7k");
    assertThat(service.getMetadata().getNamespace()).isEqualTo("video");
    assertThat(service.getMetadata().getLabels())
        .containsAllEntriesOf(Labels.of("live", Labels.Component.EDGE));
    assertThat(service.getMetadata().getAnnotations())
        .containsEntry("service.beta.kubernetes.io/aws-load-balancer-type", "nlb");
    assertThat(service.getSpec().getType()).isEqualTo("LoadBalancer");
    assertThat(service.getSpec().getExternalTrafficPolicy()).isEqualTo("Local");
    assertThat(service.getSpec().getSelector())
        .containsAllEntriesOf(Labels.selector("live", Labels.Component.EDGE))
        .containsEntry("streamcluster.io/edge-pod", "live-edge-7c9d-x2x7k");
    assertThat(service.getSpec().getPorts())
        .extracting(p -> p.getName() + ":" + p.getPort() + "->" + p.getTargetPort().getStrVal())
        .containsExactly("rtmp:1935->rtmp", "http:5080->http");
  }

  @Test
  void theServiceBelongsToTheClusterAndGoesWithItsPod() {
    cluster.getSpec().getEdge().setAdvertise(Advertise.LoadBalancer);

    Service service = model().generateService(pod("live-edge-7c9d-x2x7k"));

    assertThat(service.getMetadata().getOwnerReferences())
        .extracting(r -> r.getKind() + "/" + r.getName() + " controller=" + r.getController())
        .containsExactly(
            "StreamCluster/live controller=true", "Pod/live-edge-7c9d-x2x7k controller=false");
    assertThat(service.getMetadata().getOwnerReferences().get(1).getUid())
        .isEqualTo("pod-uid-live-edge-7c9d-x2x7k");
  }

  @Test
  void withTlsAndAHostnameTheServiceCarriesTheTlsPortsAndTheNameForExternalDns() {
    cluster.getSpec().getEdge().setAdvertise(Advertise.LoadBalancer);
    cluster.getSpec().getEdge().setAdvertiseHostname("{pod}.edges.example.com");
    cluster.getSpec().setTls(new TlsSpec("live-tls"));

    Service service = model().generateService(pod("live-edge-7c9d-x2x7k"));

    assertThat(service.getSpec().getPorts())
        .extracting(p -> p.getName() + ":" + p.getPort())
        .containsExactly("rtmp:1935", "http:5080", "rtmps:1936", "https:5443");
    assertThat(service.getMetadata().getAnnotations())
        .containsEntry(
            "external-dns.alpha.kubernetes.io/hostname", "live-edge-7c9d-x2x7k.edges.example.com");
  }

  @Test
  void aPodNameLongerThanAServiceNameGetsNoService() {
    assertThat(EdgeServiceModel.nameFits(pod("a".repeat(63)))).isTrue();
    assertThat(EdgeServiceModel.nameFits(pod("a".repeat(64)))).isFalse();
  }
}
