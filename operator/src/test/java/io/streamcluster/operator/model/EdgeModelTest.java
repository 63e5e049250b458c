package io.streamcluster.operator.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.streamcluster.api.v1alpha1.EdgeSpec.Advertise;
import io.streamcluster.api.v1alpha1.StreamCluster;
import io.streamcluster.api.v1alpha1.TlsSpec;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EdgeModelTest {

  static final String IMAGE = "streamcluster/media-server:0.1.0";

  StreamCluster cluster = StreamClusters.named("live", "video");

  Deployment deployment() {
    return EdgeModel.fromCrd(cluster, IMAGE).generateDeployment();
  }

  Container container(Deployment deployment) {
    return deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
  }

  @Test
  void edgesCheckInWithTheOriginServiceAndCarryTheirLimits() {
    cluster.getSpec().getEdge().setMaxSubscribers(2500);
    cluster.getSpec().getAutoscaling().setDrainTimeoutSeconds(120);

    Container edge = container(deployment());

    assertThat(edge.getArgs())
        .containsExactly(
            "edge",
            "--origins",
            "live-origin-internal.video.svc:9080",
            "--max-subscribers",
            "2500",
            "--drain-timeout-seconds",
            "120",
            "--cluster-secret-file",
            "/etc/streamcluster/cluster/cluster-secret");
    assertThat(edge.getImage()).isEqualTo(IMAGE);
  }

  @Test
  void theFanOutIntervalGoesToTheEdgesWhenTheSpecSetsIt() {
    assertThat(container(deployment()).getArgs()).doesNotContain("--fan-out-interval-ms");

    cluster.getSpec().setFanOutIntervalMs(100);

    assertThat(container(deployment()).getArgs())
        .containsSubsequence("--fan-out-interval-ms", "100");
  }

  @Test
  void edgesCheckInWithEveryOriginPodWhenThereAreSeveral() {
    cluster.getSpec().getOrigin().setReplicas(3);

    List<String> args = container(deployment()).getArgs();

    assertThat(args.get(args.indexOf("--origins") + 1))
        .isEqualTo(
            "live-origin-0.live-origin-headless.video.svc:9080,"
                + "live-origin-1.live-origin-headless.video.svc:9080,"
                + "live-origin-2.live-origin-headless.video.svc:9080");
  }

  @Test
  void theClusterImageWinsOverTheOperatorDefault() {
    cluster.getSpec().setImage("registry.example/media:1.2.3");

    assertThat(container(deployment()).getImage()).isEqualTo("registry.example/media:1.2.3");
  }

  @Test
  void advertisesThePodIpByDefault() {
    Container edge = container(deployment());

    assertThat(fieldPath(edge, EdgeModel.ADVERTISE_HOST_ENV)).isEqualTo("status.podIP");
    assertThat(fieldPath(edge, EdgeModel.EDGE_ID_ENV)).isEqualTo("metadata.name");
    assertThat(edge.getPorts()).allSatisfy(p -> assertThat(p.getHostPort()).isNull());
  }

  @Test
  void advertisesTheNodeIpWithPortsOnTheNode() {
    cluster.getSpec().getEdge().setAdvertise(Advertise.NodeIP);

    Container edge = container(deployment());

    assertThat(fieldPath(edge, EdgeModel.ADVERTISE_HOST_ENV)).isEqualTo("status.hostIP");
    assertThat(edge.getPorts())
        .extracting(p -> p.getName() + ":" + p.getContainerPort() + "->" + p.getHostPort())
        .containsExactly("rtmp:1935->1935", "http:5080->5080", "internal:9080->null");
  }

  @Test
  void theNodeExternalAddressReachesTheEdgeAsAFileFromItsAnnotation() {
    cluster.getSpec().getEdge().setAdvertise(Advertise.NodeExternalIP);

    Deployment deployment = deployment();
    Container edge = container(deployment);
    PodSpec pod = deployment.getSpec().getTemplate().getSpec();

    assertThat(edge.getArgs())
        .containsSequence("--advertise-host-file", "/etc/streamcluster/advertise/address");
    assertThat(edge.getEnv())
        .extracting(EnvVar::getName)
        .doesNotContain(EdgeModel.ADVERTISE_HOST_ENV);
    assertThat(edge.getVolumeMounts())
        .anySatisfy(
            m -> {
              assertThat(m.getName()).isEqualTo("advertise");
              assertThat(m.getMountPath()).isEqualTo("/etc/streamcluster/advertise");
              assertThat(m.getReadOnly()).isTrue();
            });
    Volume advertise =
        pod.getVolumes().stream()
            .filter(v -> v.getName().equals("advertise"))
            .findFirst()
            .orElseThrow();
    assertThat(advertise.getDownwardAPI().getItems())
        .singleElement()
        .satisfies(
            item -> {
              assertThat(item.getPath()).isEqualTo("address");
              assertThat(item.getFieldRef().getFieldPath())
                  .isEqualTo("metadata.annotations['streamcluster.io/advertise-address']");
            });
    assertThat(pod.getAutomountServiceAccountToken())
        .as("the edge learns its address without API access")
        .isFalse();
    assertThat(edge.getPorts())
        .extracting(p -> p.getName() + ":" + p.getContainerPort() + "->" + p.getHostPort())
        .containsExactly("rtmp:1935->1935", "http:5080->5080", "internal:9080->null");
  }

  @Test
  void edgesWithPortsOnTheNodeAreKeptOnDifferentNodesAndMayUpdateOneAtATime() {
    for (Advertise nodeMode : List.of(Advertise.NodeIP, Advertise.NodeExternalIP)) {
      cluster.getSpec().getEdge().setAdvertise(nodeMode);

      Deployment deployment = deployment();

      assertThat(
              deployment
                  .getSpec()
                  .getTemplate()
                  .getSpec()
                  .getAffinity()
                  .getPodAntiAffinity()
                  .getRequiredDuringSchedulingIgnoredDuringExecution())
          .singleElement()
          .satisfies(
              term -> {
                assertThat(term.getTopologyKey()).isEqualTo("kubernetes.io/hostname");
                assertThat(term.getLabelSelector().getMatchLabels())
                    .isEqualTo(Labels.selector("live", Labels.Component.EDGE));
              });
      assertThat(
              deployment.getSpec().getStrategy().getRollingUpdate().getMaxUnavailable().getIntVal())
          .isEqualTo(1);
    }
  }

  @Test
  void edgesOnPodAddressesOrLoadBalancersShareNodesAndNeverGoBeforeTheirSuccessor() {
    for (Advertise mode : List.of(Advertise.PodIP, Advertise.LoadBalancer)) {
      cluster.getSpec().getEdge().setAdvertise(mode);

      Deployment deployment = deployment();

      assertThat(deployment.getSpec().getTemplate().getSpec().getAffinity()).isNull();
      assertThat(container(deployment).getPorts())
          .allSatisfy(p -> assertThat(p.getHostPort()).isNull());
      assertThat(
              deployment.getSpec().getStrategy().getRollingUpdate().getMaxUnavailable().getIntVal())
          .isZero();
    }
  }

  @Test
  void aLoadBalancerEdgeIsToldItsAddressAsAFileToo() {
    cluster.getSpec().getEdge().setAdvertise(Advertise.LoadBalancer);

    assertThat(container(deployment()).getArgs())
        .containsSequence("--advertise-host-file", "/etc/streamcluster/advertise/address");
  }

  @Test
  void aHostnameTemplateIsExpandedByKubernetesWithThePodName() {
    cluster.getSpec().getEdge().setAdvertiseHostname("{pod}.edges.example.com");

    Container edge = container(deployment());

    assertThat(edge.getEnv())
        .extracting(EnvVar::getName)
        .as("the pod name first: the address refers to it")
        .containsExactly(EdgeModel.EDGE_ID_ENV, EdgeModel.ADVERTISE_HOST_ENV);
    assertThat(edge.getEnv().get(1).getValue())
        .isEqualTo("$(STREAMCLUSTER_EDGE_ID).edges.example.com");
  }

  @Test
  void aHostnameTemplateWithoutThePodIsRefused() {
    cluster.getSpec().getEdge().setAdvertiseHostname("edges.example.com");

    assertThatThrownBy(() -> EdgeModel.fromCrd(cluster, IMAGE))
        .isInstanceOf(InvalidSpecException.class)
        .hasMessageContaining("{pod}");
  }

  @Test
  void withTlsTheSecretIsMountedAndTheTlsPortsAreOnTheNodeWithHostPorts() {
    cluster.getSpec().setTls(new TlsSpec("live-tls"));
    cluster.getSpec().getEdge().setAdvertise(Advertise.NodeExternalIP);

    Deployment deployment =
        EdgeModel.fromCrd(cluster, IMAGE, MediaServerTls.fromCrd(cluster, Optional.empty()))
            .generateDeployment();
    Container edge = container(deployment);

    assertThat(edge.getArgs())
        .containsSequence(
            "--tls-cert-file",
            "/etc/streamcluster/tls/tls.crt",
            "--tls-key-file",
            "/etc/streamcluster/tls/tls.key")
        .as("no ca.crt in a Secret not seen yet")
        .doesNotContain("--origin-ca-file");
    assertThat(edge.getPorts())
        .extracting(p -> p.getName() + ":" + p.getContainerPort() + "->" + p.getHostPort())
        .containsExactly(
            "rtmp:1935->1935",
            "http:5080->5080",
            "internal:9080->null",
            "rtmps:1936->1936",
            "https:5443->5443");
    assertThat(edge.getVolumeMounts())
        .anySatisfy(
            m -> {
              assertThat(m.getMountPath()).isEqualTo("/etc/streamcluster/tls");
              assertThat(m.getReadOnly()).isTrue();
              assertThat(m.getSubPath()).as("a whole directory: renewals reach it").isNull();
            });
    assertThat(deployment.getSpec().getTemplate().getSpec().getVolumes())
        .filteredOn(v -> v.getName().equals("tls"))
        .singleElement()
        .satisfies(v -> assertThat(v.getSecret().getSecretName()).isEqualTo("live-tls"));
  }

  @Test
  void edgesVerifyOriginsWithTheSecretsCaWhenItHasOneAndTheNameTheSpecGives() {
    TlsSpec tls = new TlsSpec("live-tls");
    tls.setOriginServerName("origin.example.com");
    cluster.getSpec().setTls(tls);
    Secret withCa =
        new SecretBuilder()
            .withNewMetadata()
            .withName("live-tls")
            .endMetadata()
            .withType("kubernetes.io/tls")
            .addToData("tls.crt", "Y2VydA==")
            .addToData("tls.key", "a2V5")
            .addToData("ca.crt", "Y2E=")
            .build();

    List<String> args =
        container(
                EdgeModel.fromCrd(
                        cluster, IMAGE, MediaServerTls.fromCrd(cluster, Optional.of(withCa)))
                    .generateDeployment())
            .getArgs();

    assertThat(args)
        .containsSequence("--origin-ca-file", "/etc/streamcluster/tls/ca.crt")
        .containsSequence("--origin-tls-name", "origin.example.com");
  }

  @Test
  void replicasFollowTheSpec() {
    cluster.getSpec().getEdge().setReplicas(7);

    assertThat(deployment().getSpec().getReplicas()).isEqualTo(7);
  }

  @Test
  void theGracePeriodOutlastsTheDrain() {
    cluster.getSpec().getAutoscaling().setDrainTimeoutSeconds(600);

    assertThat(deployment().getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds())
        .isEqualTo(600 + EdgeModel.GRACE_MARGIN_SECONDS);
  }

  @Test
  void probesAskTheMediaServer() {
    Container edge = container(deployment());

    assertThat(edge.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
    assertThat(edge.getReadinessProbe().getHttpGet().getPort().getStrVal()).isEqualTo("http");
    assertThat(edge.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
  }

  @Test
  void runsLockedDown() {
    Deployment deployment = deployment();
    PodSpec pod = deployment.getSpec().getTemplate().getSpec();
    Container edge = container(deployment);

    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    assertThat(pod.getAutomountServiceAccountToken()).isFalse();
    assertThat(edge.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
    assertThat(edge.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
    assertThat(edge.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(edge.getVolumeMounts())
        .extracting(m -> m.getName() + ":" + m.getMountPath())
        .containsExactly("cluster-secret:/etc/streamcluster/cluster", "tmp:/tmp");
    assertThat(pod.getVolumes().get(0).getSecret().getSecretName())
        .isEqualTo("live-cluster-secret");
  }

  @Test
  void resourcesComeFromTheSpec() {
    cluster
        .getSpec()
        .getEdge()
        .setResources(
            new ResourceRequirementsBuilder()
                .addToRequests("cpu", new Quantity("500m"))
                .addToLimits("cpu", new Quantity("2"))
                .build());

    assertThat(container(deployment()).getResources().getLimits().get("cpu"))
        .isEqualTo(new Quantity("2"));
  }

  @Test
  void refusesARequestAboveItsLimit() {
    cluster
        .getSpec()
        .getEdge()
        .setResources(
            new ResourceRequirementsBuilder()
                .addToRequests("memory", new Quantity("2Gi"))
                .addToLimits("memory", new Quantity("1Gi"))
                .build());

    assertThatThrownBy(() -> EdgeModel.fromCrd(cluster, IMAGE))
        .isInstanceOf(InvalidSpecException.class)
        .hasMessageContaining("spec.edge.resources")
        .hasMessageContaining("memory request 2Gi exceeds its limit 1Gi");
  }

  @Test
  void isOwnedByTheStreamClusterAndLabelledInOnePlace() {
    Deployment deployment = deployment();

    assertThat(deployment.getMetadata().getName()).isEqualTo("live-edge");
    assertThat(deployment.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(
            ref -> {
              assertThat(ref.getKind()).isEqualTo("StreamCluster");
              assertThat(ref.getApiVersion()).isEqualTo("streamcluster.io/v1alpha1");
              assertThat(ref.getName()).isEqualTo("live");
              assertThat(ref.getUid()).isEqualTo(cluster.getMetadata().getUid());
              assertThat(ref.getController()).isTrue();
            });
    assertThat(deployment.getMetadata().getLabels())
        .containsEntry("app.kubernetes.io/name", "streamcluster")
        .containsEntry("app.kubernetes.io/instance", "live")
        .containsEntry("app.kubernetes.io/component", "edge")
        .containsEntry("app.kubernetes.io/part-of", "streamcluster")
        .containsEntry("app.kubernetes.io/managed-by", "streamcluster-operator");
    assertThat(deployment.getSpec().getSelector().getMatchLabels())
        .isEqualTo(Labels.selector("live", Labels.Component.EDGE))
        .doesNotContainKey(Labels.MANAGED_BY);
    assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels())
        .containsAllEntriesOf(deployment.getSpec().getSelector().getMatchLabels());
  }

  @Test
  void aDisruptionBudgetLetsOneEdgeGoAtATime() {
    PodDisruptionBudget budget = EdgeModel.fromCrd(cluster, IMAGE).generatePodDisruptionBudget();

    assertThat(budget.getSpec().getMaxUnavailable().getIntVal()).isEqualTo(1);
    assertThat(budget.getSpec().getSelector().getMatchLabels())
        .isEqualTo(deployment().getSpec().getSelector().getMatchLabels());
    assertThat(budget.getMetadata().getOwnerReferences()).hasSize(1);
  }

  private static String fieldPath(Container container, String env) {
    return container.getEnv().stream()
        .filter(e -> e.getName().equals(env))
        .map(EnvVar::getValueFrom)
        .map(v -> v.getFieldRef().getFieldPath())
        .findFirst()
        .orElseThrow();
  }
}
