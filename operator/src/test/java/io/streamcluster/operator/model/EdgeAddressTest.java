package io.streamcluster.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.streamcluster.api.v1alpha1.EdgeSpec;
import io.streamcluster.api.v1alpha1.EdgeSpec.Advertise;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EdgeAddressTest {

  static final Pod POD =
      new PodBuilder()
          .withNewMetadata()
          .withName("live-edge-abc")
          .endMetadata()
          .withNewSpec()
          .withNodeName("node-a")
          .endSpec()
          .build();

  static EdgeAdvertising advertising(Advertise mode, String hostname) {
    EdgeSpec spec = new EdgeSpec();
    spec.setAdvertise(mode);
    spec.setAdvertiseHostname(hostname);
    return EdgeAdvertising.fromSpec(spec);
  }

  static NodeBuilder node() {
    return new NodeBuilder()
        .withNewMetadata()
        .withName("node-a")
        .endMetadata()
        .withNewStatus()
        .addNewAddress("10.0.0.4", "InternalIP")
        .addNewAddress("node-a", "Hostname")
        .endStatus();
  }

  @Test
  void theNodesExternalIpIsTheEdgesAddress() {
    Node node = node().editStatus().addNewAddress("203.0.113.4", "ExternalIP").endStatus().build();

    EdgeAddress address =
        EdgeAddress.resolve(
            advertising(Advertise.NodeExternalIP, null), POD, Optional.of(node), Optional.empty());

    assertThat(address.advertised()).contains("203.0.113.4");
    assertThat(address.problem()).isEmpty();
  }

  @Test
  void theNodeAnnotationWinsOverTheStatusForNatAndBareMetal() {
    Node node =
        node()
            .editMetadata()
            .addToAnnotations("streamcluster.io/external-address", "198.51.100.9")
            .endMetadata()
            .editStatus()
            .addNewAddress("203.0.113.4", "ExternalIP")
            .endStatus()
            .build();

    assertThat(EdgeAddress.externalAddress(node)).contains("198.51.100.9");
  }

  @Test
  void anExternalDnsNameServesWhenThereIsNoExternalIp() {
    Node node =
        node().editStatus().addNewAddress("node-a.example.com", "ExternalDNS").endStatus().build();

    assertThat(EdgeAddress.externalAddress(node)).contains("node-a.example.com");
  }

  @Test
  void aNodeWithOnlyInternalAddressesGivesNoAddressAndSaysWhatIsMissing() {
    EdgeAddress address =
        EdgeAddress.resolve(
            advertising(Advertise.NodeExternalIP, null),
            POD,
            Optional.of(node().build()),
            Optional.empty());

    assertThat(address.advertised()).isEmpty();
    assertThat(address.problem())
        .hasValueSatisfying(
            p ->
                assertThat(p)
                    .contains("pod live-edge-abc on node node-a")
                    .contains("no ExternalIP")
                    .contains("streamcluster.io/external-address"));
  }

  @Test
  void anUnknownNodeSaysTheOperatorMustReadNodes() {
    EdgeAddress address =
        EdgeAddress.resolve(
            advertising(Advertise.NodeExternalIP, null), POD, Optional.empty(), Optional.empty());

    assertThat(address.problem())
        .hasValueSatisfying(p -> assertThat(p).contains("unknown to the operator"));
  }

  @Test
  void aLoadBalancerEdgeHandsOutItsIngressIpOrHostnameOnceItHasOne() {
    EdgeAdvertising loadBalancer = advertising(Advertise.LoadBalancer, null);
    Service pending =
        new ServiceBuilder().withNewMetadata().withName("live-edge-abc").endMetadata().build();

    assertThat(EdgeAddress.resolve(loadBalancer, POD, Optional.empty(), Optional.empty()).problem())
        .hasValueSatisfying(p -> assertThat(p).contains("not created yet"));
    assertThat(
            EdgeAddress.resolve(loadBalancer, POD, Optional.empty(), Optional.of(pending))
                .problem())
        .hasValueSatisfying(p -> assertThat(p).contains("no load-balancer ingress yet"));

    Service withIp =
        new ServiceBuilder(pending)
            .withNewStatus()
            .withNewLoadBalancer()
            .addNewIngress()
            .withIp("192.0.2.44")
            .endIngress()
            .endLoadBalancer()
            .endStatus()
            .build();
    assertThat(
            EdgeAddress.resolve(loadBalancer, POD, Optional.empty(), Optional.of(withIp))
                .advertised())
        .contains("192.0.2.44");
    Service withHostname =
        new ServiceBuilder(pending)
            .withNewStatus()
            .withNewLoadBalancer()
            .addNewIngress()
            .withHostname("abc.elb.amazonaws.com")
            .endIngress()
            .endLoadBalancer()
            .endStatus()
            .build();
    assertThat(
            EdgeAddress.resolve(loadBalancer, POD, Optional.empty(), Optional.of(withHostname))
                .advertised())
        .contains("abc.elb.amazonaws.com");
  }

  @Test
  void withAHostnameTheEdgeHandsOutItsNameOnlyOnceItHasAnExternalAddress() {
    EdgeAdvertising named = advertising(Advertise.NodeExternalIP, "{pod}.edges.example.com");
    Node withIp =
        node().editStatus().addNewAddress("203.0.113.4", "ExternalIP").endStatus().build();

    EdgeAddress address = EdgeAddress.resolve(named, POD, Optional.of(withIp), Optional.empty());
    EdgeAddress none =
        EdgeAddress.resolve(named, POD, Optional.of(node().build()), Optional.empty());

    assertThat(address.advertised()).contains("live-edge-abc.edges.example.com");
    assertThat(address.external()).contains("203.0.113.4");
    assertThat(none.advertised()).isEmpty();
  }
}
