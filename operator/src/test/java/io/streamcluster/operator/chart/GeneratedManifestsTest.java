package io.streamcluster.operator.chart;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamcluster.api.v1alpha1.StreamCluster;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two committed files are generated, never edited: the chart's {@code crds/} (a copy of the CRD
 * that the {@code crds} module generates from the Java model) and {@code deploy/operator.yaml} (the
 * chart rendered with its defaults, CRD included, for {@code kubectl apply}). This test fails when
 * either is stale and says how to refresh them; with {@code -Dchart.refresh=true} it refreshes
 * them.
 */
class GeneratedManifestsTest {

  static final String REFRESH =
      "./mvnw -q -B -pl crds,operator -am test -Dtest=GeneratedManifestsTest"
          + " -Dsurefire.failIfNoSpecifiedTests=false -Dchart.refresh=true";

  static final Path ROOT = OperatorChart.repositoryRoot();
  static final Path GENERATED_CRDS = ROOT.resolve("crds/src/main/resources/kubernetes");
  static final Path CHART_CRDS = OperatorChart.chartDir().resolve("crds");
  static final Path PLAIN_MANIFESTS = ROOT.resolve("deploy/operator.yaml");

  @BeforeAll
  static void refreshWhenAsked() throws IOException {
    if (!Boolean.getBoolean("chart.refresh")) {
      return;
    }
    Files.createDirectories(CHART_CRDS);
    for (Path stale : yamlFiles(CHART_CRDS)) {
      Files.delete(stale);
    }
    for (Path crd : yamlFiles(GENERATED_CRDS)) {
      Files.copy(crd, CHART_CRDS.resolve(crd.getFileName()));
    }
    Files.writeString(PLAIN_MANIFESTS, plainManifests(), StandardCharsets.UTF_8);
  }

  @Test
  void chartCarriesTheStreamClusterCrd() {
    assertThat(CHART_CRDS.resolve(StreamCluster.CRD_NAME + "-v1.yml")).isRegularFile();
  }

  @Test
  void chartCrdsAreCopiesOfTheGeneratedOnes() throws IOException {
    List<Path> generated = yamlFiles(GENERATED_CRDS);
    assertThat(yamlFiles(CHART_CRDS).stream().map(Path::getFileName))
        .as("the chart's crds/ against %s; run `%s`", GENERATED_CRDS, REFRESH)
        .containsExactlyElementsOf(generated.stream().map(Path::getFileName).toList());
    for (Path crd : generated) {
      assertThat(Files.readString(CHART_CRDS.resolve(crd.getFileName())))
          .as("%s is stale; run `%s` and commit it", CHART_CRDS.resolve(crd.getFileName()), REFRESH)
          .isEqualTo(Files.readString(crd));
    }
  }

  @Test
  void plainManifestsAreTheChartRenderedWithItsDefaults() throws IOException {
    assertThat(PLAIN_MANIFESTS).as("run `%s`", REFRESH).isRegularFile();
    assertThat(Files.readString(PLAIN_MANIFESTS))
        .as(
            "%s is stale (the chart or the CRD changed); run `%s` and commit it",
            PLAIN_MANIFESTS, REFRESH)
        .isEqualTo(plainManifests());
  }

  @Test
  void plainManifestsParseAsFabric8Models() throws IOException {
    var objects = OperatorChart.parse(Files.readString(PLAIN_MANIFESTS));

    assertThat(objects.stream().map(o -> o.getKind()))
        .startsWith("CustomResourceDefinition", "Namespace")
        .contains("ServiceAccount", "ClusterRole", "ClusterRoleBinding", "Deployment");
    assertThat(objects.stream().flatMap(o -> StrictModel.unknownFields(o).stream())).isEmpty();
  }

  /** The CRDs, the release's namespace, then {@code helm template} of the defaults. */
  static String plainManifests() throws IOException {
    StringBuilder yaml = new StringBuilder();
    yaml.append(
        """
        # The StreamCluster operator for `kubectl apply --server-side -f deploy/operator.yaml`:
        # the StreamCluster CRD, the namespace %s, and the operator with its ServiceAccount,
        # cluster-wide RBAC and leader election. Generated from helm/streamcluster-operator with its
        # default values (release %s); do not edit. For other settings use the chart.
        # Refresh: %s
        """
            .formatted(OperatorChart.NAMESPACE, OperatorChart.RELEASE, REFRESH));
    for (Path crd : yamlFiles(CHART_CRDS)) {
      yaml.append("---\n").append(Files.readString(crd));
    }
    yaml.append(
        """
        ---
        apiVersion: v1
        kind: Namespace
        metadata:
          name: %s
          labels:
            app.kubernetes.io/part-of: streamcluster
            # the operator's pod meets the restricted Pod Security Standard
            pod-security.kubernetes.io/enforce: restricted
        """
            .formatted(OperatorChart.NAMESPACE));
    String rendered = OperatorChart.templateYaml(Optional.empty());
    yaml.append(rendered.startsWith("---") ? rendered : "---\n" + rendered);
    return yaml.toString();
  }

  private static List<Path> yamlFiles(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .filter(f -> f.toString().endsWith(".yml") || f.toString().endsWith(".yaml"))
          .sorted()
          .toList();
    }
  }
}
