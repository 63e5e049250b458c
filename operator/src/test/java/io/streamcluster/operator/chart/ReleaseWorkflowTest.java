package io.streamcluster.operator.chart;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.streamcluster.operator.OperatorSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The release workflow ({@code .github/workflows/release.yml}) as GitHub would run it on a version
 * tag, read as data: it pushes both images for amd64 and arm64 from the Dockerfiles beside their
 * modules, under the names the chart and the operator use as their defaults, and then the chart as
 * an OCI artifact. The push itself cannot run here; {@code ReleaseWorkflowLintIT} lints the file
 * with actionlint, {@code ChartPackageTest} packages the chart.
 */
class ReleaseWorkflowTest {

  static final Path WORKFLOW =
      OperatorChart.repositoryRoot().resolve(".github/workflows/release.yml");
  static final String REGISTRY_OWNER_PREFIX = "ghcr.io/streamcluster/";

  static JsonNode workflow;

  @BeforeAll
  static void read() throws IOException {
    assertThat(WORKFLOW).as("the release workflow").isRegularFile();
    workflow = new ObjectMapper(new YAMLFactory()).readTree(WORKFLOW.toFile());
  }

  @Test
  void runsOnVersionTagsOnlyWithTheRightToPushPackages() {
    JsonNode on = workflow.path("on");
    assertThat(on.fieldNames()).toIterable().containsExactly("push");
    assertThat(texts(on.path("push").path("tags"))).singleElement().asString().startsWith("v");
    assertThat(on.path("push").has("branches")).isFalse();
    assertThat(workflow.path("permissions").path("packages").asText()).isEqualTo("write");
    assertThat(workflow.path("permissions").path("contents").asText()).isEqualTo("read");
  }

  @Test
  void buildsBothModulesImagesForAmd64AndArm64WithQemuAndBuildx() {
    JsonNode images = workflow.path("jobs").path("images");
    assertThat(texts(images.path("strategy").path("matrix").path("module")))
        .containsExactly("media-server", "operator");
    for (String module : List.of("media-server", "operator")) {
      assertThat(OperatorChart.repositoryRoot().resolve(module).resolve("Dockerfile"))
          .as("the Dockerfile beside %s", module)
          .isRegularFile();
    }
    List<String> actions = uses(images);
    assertThat(actions)
        .containsSubsequence(
            "actions/checkout@v4",
            "actions/setup-java@v4",
            "docker/setup-qemu-action@v3",
            "docker/setup-buildx-action@v3",
            "docker/login-action@v3",
            "docker/build-push-action@v6");
    JsonNode login = step(images, "docker/login-action@v3").path("with");
    assertThat(login.path("registry").asText()).isEqualTo("ghcr.io");
    assertThat(login.path("password").asText()).isEqualTo("${{ secrets.GITHUB_TOKEN }}");

    JsonNode build = step(images, "docker/build-push-action@v6").path("with");
    assertThat(build.path("file").asText()).isEqualTo("${{ matrix.module }}/Dockerfile");
    assertThat(build.path("platforms").asText().split(","))
        .containsExactlyInAnyOrder("linux/amd64", "linux/arm64");
    assertThat(build.path("push").asBoolean()).isTrue();
    assertThat(build.path("build-args").asText())
        .as("the jar built once on the runner, copied into each platform's image")
        .contains("JAR_STAGE=prebuilt");
    assertThat(run(images)).contains("./mvnw -B -ntp -DskipTests package -pl ${{ matrix.module }}");
  }

  @Test
  void pushesTheImagesTheChartAndTheOperatorNameByDefault() throws IOException {
    String tags =
        step(workflow.path("jobs").path("images"), "docker/build-push-action@v6")
            .path("with")
            .path("tags")
            .asText();
    assertThat(tags)
        .isEqualTo(
            "ghcr.io/${{ env.OWNER }}/streamcluster-${{ matrix.module }}:${{ env.VERSION }}");
    assertThat(run(workflow.path("jobs").path("images")))
        .contains("VERSION=${GITHUB_REF_NAME#v}")
        .contains("OWNER=${GITHUB_REPOSITORY_OWNER,,}")
        .as("the tag must be the project's version")
        .contains("test \"$project\" = \"$VERSION\"");

    Map<String, Object> values =
        OperatorChart.readYaml(OperatorChart.chartDir().resolve("values.yaml"));
    assertThat(repository(values, "image"))
        .isEqualTo(REGISTRY_OWNER_PREFIX + "streamcluster-operator");
    assertThat(repository(values, "mediaServer", "image"))
        .isEqualTo(REGISTRY_OWNER_PREFIX + "streamcluster-media-server");
    assertThat(OperatorSettings.DEFAULT_IMAGE)
        .as("the operator's own default, without the chart")
        .isEqualTo(REGISTRY_OWNER_PREFIX + "streamcluster-media-server:" + projectVersion());
  }

  @Test
  void pushesTheChartAsAnOciArtifactOnceTheImagesAreThere() {
    JsonNode chart = workflow.path("jobs").path("chart");
    assertThat(texts(chart.path("needs"))).containsExactly("images");
    assertThat(uses(chart)).contains("azure/setup-helm@v4");
    String run = run(chart);
    assertThat(run)
        .contains("sed -i \"s#" + REGISTRY_OWNER_PREFIX + "#ghcr.io/${OWNER}/#\"")
        .contains("helm lint --strict helm/streamcluster-operator")
        .contains(
            "helm package helm/streamcluster-operator --version \"$VERSION\" --app-version"
                + " \"$VERSION\"")
        .contains("helm registry login ghcr.io")
        .contains(
            "helm push \"dist/streamcluster-operator-${VERSION}.tgz\" \"oci://ghcr.io/${OWNER}/charts\"");
    assertThat(run.indexOf("helm package")).isLessThan(run.indexOf("helm push"));
  }

  @Test
  void theChartIsVersionedAsTheProject() throws IOException {
    Map<String, Object> chart =
        OperatorChart.readYaml(OperatorChart.chartDir().resolve("Chart.yaml"));

    assertThat(chart.get("version")).isEqualTo(projectVersion());
    assertThat(chart.get("appVersion")).isEqualTo(projectVersion());
  }

  /** The parent pom's version, read as the workflow reads it. */
  static String projectVersion() throws IOException {
    String pom = Files.readString(OperatorChart.repositoryRoot().resolve("pom.xml"));
    Matcher version =
        Pattern.compile(
                "<artifactId>streamcluster-parent</artifactId>\\s*<version>([^<]+)</version>")
            .matcher(pom);
    assertThat(version.find()).as("the parent pom's version").isTrue();
    return version.group(1);
  }

  @SuppressWarnings("unchecked")
  private static Object repository(Map<String, Object> values, String... path) {
    Map<String, Object> node = values;
    for (String key : path) {
      node = (Map<String, Object>) node.get(key);
    }
    return node.get("repository");
  }

  private static List<String> texts(JsonNode node) {
    if (node.isArray()) {
      return StreamSupport.stream(node.spliterator(), false).map(JsonNode::asText).toList();
    }
    return node.isMissingNode() ? List.of() : List.of(node.asText());
  }

  private static List<String> uses(JsonNode job) {
    List<String> uses = new ArrayList<>();
    job.path("steps").forEach(s -> uses.add(s.path("uses").asText("")));
    return uses.stream().filter(u -> !u.isEmpty()).toList();
  }

  private static JsonNode step(JsonNode job, String uses) {
    for (JsonNode step : job.path("steps")) {
      if (uses.equals(step.path("uses").asText())) {
        return step;
      }
    }
    throw new AssertionError("no step uses " + uses);
  }

  /** Every {@code run:} script of the job, one after another. */
  private static String run(JsonNode job) {
    StringBuilder text = new StringBuilder();
    job.path("steps").forEach(s -> text.append(s.path("run").asText("")).append('\n'));
    return text.toString();
  }
}
