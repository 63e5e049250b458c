package io.streamcluster.e2e.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.Release;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.streamcluster.e2e.E2EProject;
import io.streamcluster.e2e.Timeline;
import io.streamcluster.e2e.cluster.TestCluster;
import io.streamcluster.media.testing.Command;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The operator as a user installs it: the packaging's images loaded into the cluster, then {@code
 * helm install} of {@code helm/streamcluster-operator} into {@value #NAMESPACE}. One installation
 * serves every scenario of a run; {@link RemovalE2E} uninstalls it last.
 */
final class OperatorInstallation implements AutoCloseable {

  static final String RELEASE = "streamcluster-operator";
  static final String NAMESPACE = "streamcluster-system";
  static final String NAME_LABEL = "app.kubernetes.io/name";
  static final String OPERATOR_IMAGE = "streamcluster/operator:" + E2EProject.version();

  /** The operator's sync period in the scenarios (the chart's default is 15 s). */
  static final int SYNC_PERIOD_SECONDS = 5;

  static final String MEDIA_SERVER_IMAGE = "streamcluster/media-server:" + E2EProject.version();

  private final TestCluster cluster;
  private final Release release;
  private boolean uninstalled;

  private OperatorInstallation(TestCluster cluster, Release release) {
    this.cluster = cluster;
    this.release = release;
  }

  static Path chart() {
    return E2EProject.root().resolve("helm/streamcluster-operator");
  }

  static OperatorInstallation install(TestCluster cluster, Timeline timeline) throws Exception {
    assertThat(Files.isRegularFile(chart().resolve("Chart.yaml")))
        .as("the operator's chart %s (from the packaging work)", chart())
        .isTrue();
    // a fresh clone has no images yet, and a changed jar makes them stale: the script builds
    // what is missing or older than its sources and leaves the rest alone
    timeline.step(
        "images built (scripts/build-images.sh)",
        () ->
            Command.of(E2EProject.root().resolve("scripts/build-images.sh").toString())
                .timeout(Duration.ofMinutes(20))
                .echoStderr()
                .run()
                .orThrow());
    timeline.step(
        "image load operator + media-server",
        () -> cluster.loadImages(List.of(OPERATOR_IMAGE, MEDIA_SERVER_IMAGE)));
    Release release =
        timeline.measure(
            "helm install -> operator Ready",
            () ->
                Helm.install(chart().toString())
                    .withName(RELEASE)
                    .withNamespace(NAMESPACE)
                    .createNamespace()
                    .set("image.repository", "streamcluster/operator")
                    .set("image.tag", E2EProject.version())
                    .set("mediaServer.image.repository", "streamcluster/media-server")
                    .set("mediaServer.image.tag", E2EProject.version())
                    // the autoscaler reads the edges' load every few seconds, not every 15
                    .set("operator.syncPeriodSeconds", SYNC_PERIOD_SECONDS)
                    .withKubeConfig(cluster.kubeconfig())
                    .waitReady()
                    .withTimeout(300)
                    .call());
    return new OperatorInstallation(cluster, release);
  }

  Release release() {
    return release;
  }

  /** The operator's Deployment, found by the chart's name label. */
  Deployment deployment() {
    List<Deployment> found =
        cluster
            .client()
            .apps()
            .deployments()
            .inNamespace(NAMESPACE)
            .withLabel(NAME_LABEL, "streamcluster-operator")
            .list()
            .getItems();
    assertThat(found)
        .as("operator Deployments labelled %s=streamcluster-operator", NAME_LABEL)
        .hasSize(1);
    return found.get(0);
  }

  void uninstall() {
    if (!uninstalled) {
      uninstalled = true;
      Helm.uninstall(RELEASE).withNamespace(NAMESPACE).withKubeConfig(cluster.kubeconfig()).call();
    }
  }

  boolean isUninstalled() {
    return uninstalled;
  }

  @Override
  public void close() {
    uninstall();
  }
}
