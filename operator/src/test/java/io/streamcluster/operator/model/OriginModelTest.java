package io.streamcluster.operator.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.streamcluster.api.v1alpha1.ServiceSpec;
import io.streamcluster.api.v1alpha1.StreamCluster;
import io.streamcluster.api.v1alpha1.TlsSpec;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class OriginModelTest {

  StreamCluster cluster = StreamClusters.named("live", "video");

  OriginModel model() {
    return OriginModel.fromCrd(cluster, EdgeModelTest.IMAGE);
  }

  @Test
  void originsRunWithTheClusterSecretMountedAsAFile() {
    cluster.getSpec().getOrigin().setReplicas(2);

    StatefulSet origins = model().generateStatefulSet();
    Container origin = origins.getSpec().getTemplate().getSpec().getContainers().get(0);

    assertThat(origins.getSpec().getReplicas()).isEqualTo(2);
    assertThat(origins.getSpec().getServiceName()).isEqualTo("live-origin-headless");
    assertThat(origin.getArgs())
        .startsWith("origin")
        .containsSubsequence("--cluster-secret-file", "/etc/streamcluster/cluster/cluster-secret");
    assertThat(origin.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
    assertThat(origin.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
    assertThat(origins.getSpec().getTemplate().getSpec().getVolumes())
        .extracting(v -> v.getName())
        .containsExactly("cluster-secret", "tmp");
    assertThat(origins.getMetadata().getOwnerReferences()).hasSize(1);
    assertThat(origins.getMetadata().getLabels()).containsEntry(Labels.COMPONENT, "origin");
  }

  @Test
  void aSingleOriginHasNoPeers() {
    Container origin =
        model().generateStatefulSet().getSpec().getTemplate().getSpec().getContainers().get(0);

    assertThat(origin.getArgs())
        .containsExactly(
            "origin", "--cluster-secret-file", "/etc/streamcluster/cluster/cluster-secret");
  }

  @Test
  void theFanOutIntervalGoesToTheOriginsWhenTheSpecSetsIt() {
    cluster.getSpec().setFanOutIntervalMs(0);

    Container origin =
        model().generateStatefulSet().getSpec().getTemplate().getSpec().getContainers().get(0);

    assertThat(origin.getArgs()).containsSubsequence("--fan-out-interval-ms", "0");
  }

  @Test
  void severalOriginsAreEachOthersPeersByTheirStableNames() {
    cluster.getSpec().getOrigin().setReplicas(3);

    Container origin =
        model().generateStatefulSet().getSpec().getTemplate().getSpec().getContainers().get(0);

    // one template for every origin pod: each gets all, itself included (asking itself is harmless)
    assertThat(origin.getArgs())
        .containsSubsequence(
            "--peers",
            "live-origin-0.live-origin-headless.video.svc:9080,"
                + "live-origin-1.live-origin-headless.video.svc:9080,"
                + "live-origin-2.live-origin-headless.video.svc:9080");
  }

  @Test
  void theServiceTypeAndAnnotationsComeFromTheSpec() {
    cluster.getSpec().getOrigin().getService().setType(ServiceSpec.Type.LoadBalancer);
    cluster
        .getSpec()
        .getOrigin()
        .getService()
        .setAnnotations(Map.of("service.beta.kubernetes.io/aws-load-balancer-type", "nlb"));

    Service service = model().generateService();

    assertThat(service.getMetadata().getName()).isEqualTo("live-origin");
    assertThat(service.getSpec().getType()).isEqualTo("LoadBalancer");
    assertThat(service.getMetadata().getAnnotations())
        .containsEntry("service.beta.kubernetes.io/aws-load-balancer-type", "nlb");
    assertThat(service.getSpec().getPorts())
        .extracting(p -> p.getName() + ":" + p.getPort())
        .containsExactly("rtmp:1935", "http:5080");
    assertThat(service.getSpec().getSelector())
        .isEqualTo(Labels.selector("live", Labels.Component.ORIGIN));
  }

  @Test
  void theInternalServiceCarriesTheClusterApiAndTheEdgesPullsInsideTheCluster() {
    cluster.getSpec().getOrigin().getService().setType(ServiceSpec.Type.LoadBalancer);

    Service internal = model().generateInternalService();

    assertThat(internal.getMetadata().getName()).isEqualTo("live-origin-internal");
    assertThat(internal.getSpec().getType()).isEqualTo("ClusterIP");
    assertThat(internal.getSpec().getPorts())
        .extracting(p -> p.getName() + ":" + p.getPort() + "->" + p.getTargetPort().getStrVal())
        // an edge pulls over RTMP from the host its --origins names: this Service, with one origin
        .containsExactly("internal:9080->internal", "rtmp:1935->rtmp");
    assertThat(internal.getSpec().getSelector())
        .isEqualTo(Labels.selector("live", Labels.Component.ORIGIN));
    assertThat(model().generateService().getSpec().getPorts())
        .extracting(p -> p.getName())
        .doesNotContain("internal");
  }

  @Test
  void withTlsOriginsServeTheSecretsCertificateAndTheServiceMapsHttpsWhereAsked() {
    cluster.getSpec().setTls(new TlsSpec("live-tls"));
    cluster.getSpec().getOrigin().getService().setHttpsPort(443);

    OriginModel tls =
        OriginModel.fromCrd(
            cluster, EdgeModelTest.IMAGE, MediaServerTls.fromCrd(cluster, Optional.empty()));
    Container origin =
        tls.generateStatefulSet().getSpec().getTemplate().getSpec().getContainers().get(0);

    assertThat(origin.getArgs())
        .containsSequence(
            "--tls-cert-file",
            "/etc/streamcluster/tls/tls.crt",
            "--tls-key-file",
            "/etc/streamcluster/tls/tls.key")
        .as("no ca.crt in a Secret not seen yet")
        .doesNotContain("--origin-ca-file");
    assertThat(origin.getPorts())
        .extracting(p -> p.getName() + ":" + p.getContainerPort())
        .containsExactly("rtmp:1935", "http:5080", "internal:9080", "rtmps:1936", "https:5443");
    assertThat(tls.generateService().getSpec().getPorts())
        .extracting(p -> p.getName() + ":" + p.getPort() + "->" + p.getTargetPort().getStrVal())
        .containsExactly(
            "rtmp:1935->rtmp", "http:5080->http", "rtmps:1936->rtmps", "https:443->https");
    assertThat(tls.generateHeadlessService().getSpec().getPorts())
        .extracting(p -> p.getName() + ":" + p.getPort())
        .contains("https:5443");
  }

  @Test
  void theHeadlessServiceNamesOriginsBeforeTheyAreReady() {
    Service headless = model().generateHeadlessService();

    assertThat(headless.getMetadata().getName()).isEqualTo("live-origin-headless");
    assertThat(headless.getSpec().getClusterIP()).isEqualTo("None");
    assertThat(headless.getSpec().getPublishNotReadyAddresses()).isTrue();
  }

  @Test
  void anEmptyImageWithoutADefaultIsAnInvalidSpec() {
    assertThatThrownBy(() -> OriginModel.fromCrd(cluster, " "))
        .isInstanceOf(InvalidSpecException.class)
        .hasMessageContaining("spec.image");
  }

  @Test
  void theClusterSecretIsRandomTextThatTheOperatorCanReadBack() {
    ClusterSecretModel model = ClusterSecretModel.fromCrd(cluster);

    Secret one = model.generateSecret(new Random(1));
    Secret other = model.generateSecret(new Random(2));

    assertThat(one.getMetadata().getName()).isEqualTo("live-cluster-secret");
    assertThat(one.getImmutable()).isTrue();
    assertThat(one.getMetadata().getOwnerReferences()).hasSize(1);
    assertThat(one.getStringData().get("cluster-secret")).hasSize(43);
    assertThat(one.getStringData()).isNotEqualTo(other.getStringData());
    assertThat(ClusterSecretModel.secretBytes(one).orElseThrow())
        .isEqualTo(one.getStringData().get("cluster-secret").getBytes());
  }
}
