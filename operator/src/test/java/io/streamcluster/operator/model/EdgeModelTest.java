package io.streamcluster.operator.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.streamcluster.api.v1alpha1.EdgeSpec.Advertise;
import io.streamcluster.api.v1alpha1.StreamCluster;
import java.util.List;
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
    for (Advertise nodeMode : List.of(Advertise.NodeIP, Advertise.NodeExternalIP)) {
      cluster.getSpec().getEdge().setAdvertise(nodeMode);

      Container edge = container(deployment());

      assertThat(fieldPath(edge, EdgeModel.ADVERTISE_HOST_ENV)).isEqualTo("status.hostIP");
      assertThat(edge.getPorts())
          .extracting(p -> p.getName() + ":" + p.getContainerPort() + "->" + p.getHostPort())
          .containsExactly("rtmp:1935->1935", "http:5080->5080", "internal:9080->null");
    }
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
