package io.streamcluster.operator.chart;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.Helm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * {@code helm package} of the chart, as the release workflow runs it before {@code helm push}: the
 * archive holds the chart at the project's version, the CRD, and values that name the published
 * images.
 */
class ChartPackageTest {

  @Test
  void theChartPackagesWithItsCrdAndThePublishedImages() throws IOException {
    Path destination = Files.createDirectories(Path.of("target", "chart-package"));
    String version = ReleaseWorkflowTest.projectVersion();

    new Helm(OperatorChart.chartDir()).packageIt().withDestination(destination).call();

    Path archive = destination.resolve("streamcluster-operator-" + version + ".tgz");
    assertThat(archive).isRegularFile();
    assertThat(Helm.show(archive.toString()).chart().call())
        .contains("name: streamcluster-operator")
        .contains("version: " + version);
    assertThat(Helm.show(archive.toString()).values().call())
        .contains("repository: ghcr.io/streamcluster/streamcluster-operator")
        .contains("repository: ghcr.io/streamcluster/streamcluster-media-server");
    assertThat(Helm.show(archive.toString()).crds().call())
        .contains("name: \"streamclusters.streamcluster.io\"");
  }
}
