package io.streamcluster.operator.chart;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The Helm chart in {@code helm/streamcluster-operator}, rendered and linted in-process by
 * helm-java: what {@code helm template} and {@code helm lint --strict} would say.
 */
public final class OperatorChart {

  public static final String RELEASE = "streamcluster-operator";
  public static final String NAMESPACE = "streamcluster-system";
  static final String KUBE_VERSION = "1.34.4";

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private OperatorChart() {}

  /** The repository's root, found upwards from the working directory (the module's). */
  static Path repositoryRoot() {
    Path dir = Path.of("").toAbsolutePath();
    for (Path d = dir; d != null; d = d.getParent()) {
      if (Files.isRegularFile(d.resolve("helm/streamcluster-operator/Chart.yaml"))) {
        return d;
      }
    }
    throw new IllegalStateException("no helm/streamcluster-operator/Chart.yaml above " + dir);
  }

  static Path chartDir() {
    return repositoryRoot().resolve("helm/streamcluster-operator");
  }

  /** The test values files of the chart (chart-testing's convention: {@code ci/*-values.yaml}). */
  static List<Path> ciValuesFiles() {
    try (Stream<Path> files = Files.list(chartDir().resolve("ci"))) {
      return files
          .filter(f -> f.getFileName().toString().endsWith("-values.yaml"))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A template command for the chart as the release {@value RELEASE} in {@value NAMESPACE}. */
  static TemplateCommand template() {
    return new Helm(chartDir())
        .template()
        .withName(RELEASE)
        .withNamespace(NAMESPACE)
        .withKubeVersion(KUBE_VERSION);
  }

  /** {@code helm template}'s output with the defaults, or with one values file on top. */
  static String templateYaml(Optional<Path> valuesFile) {
    TemplateCommand command = template();
    valuesFile.ifPresent(command::withValuesFile);
    return command.call();
  }

  public static List<HasMetadata> render(Optional<Path> valuesFile) {
    return parse(templateYaml(valuesFile));
  }

  /** Every YAML document of a multi-document stream as its Fabric8 model. */
  static List<HasMetadata> parse(String yaml) {
    List<HasMetadata> objects = new ArrayList<>();
    for (String document : documents(yaml)) {
      objects.add(Serialization.unmarshal(document));
    }
    return objects;
  }

  /** The non-empty documents of a multi-document YAML stream. */
  static List<String> documents(String yaml) {
    List<String> documents = new ArrayList<>();
    for (String document : yaml.split("(?m)^---\\s*$")) {
      boolean content =
          document
              .lines()
              .map(String::strip)
              .anyMatch(line -> !line.isEmpty() && !line.startsWith("#"));
      if (content) {
        documents.add(document);
      }
    }
    return documents;
  }

  /**
   * {@code helm lint --strict} of the chart with a values file merged over its values.yaml: helm
   * lint takes no values of its own, so the chart is copied into {@code target/} with the merged
   * values.
   */
  static LintResult lint(Optional<Path> valuesFile) throws IOException {
    if (valuesFile.isEmpty()) {
      return new Helm(chartDir()).lint().strict().call();
    }
    Path copy =
        Path.of("target", "chart-lint", valuesFile.get().getFileName().toString(), RELEASE)
            .toAbsolutePath();
    copyTree(chartDir(), copy);
    Map<String, Object> merged =
        merge(readYaml(chartDir().resolve("values.yaml")), readYaml(valuesFile.get()));
    YAML.writeValue(copy.resolve("values.yaml").toFile(), merged);
    return new Helm(copy).lint().strict().call();
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> readYaml(Path file) throws IOException {
    Map<String, Object> values = YAML.readValue(file.toFile(), LinkedHashMap.class);
    return values == null ? new LinkedHashMap<>() : values;
  }

  /** Helm's coalescing: maps merge key by key, anything else from {@code top} replaces. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> merge(Map<String, Object> base, Map<String, Object> top) {
    Map<String, Object> merged = new LinkedHashMap<>(base);
    top.forEach(
        (key, value) -> {
          Object below = merged.get(key);
          if (below instanceof Map && value instanceof Map) {
            merged.put(key, merge((Map<String, Object>) below, (Map<String, Object>) value));
          } else {
            merged.put(key, value);
          }
        });
    return merged;
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> paths = Files.walk(from)) {
      for (Path source : paths.toList()) {
        Path target = to.resolve(from.relativize(source).toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(target);
        } else {
          Files.copy(source, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }
}
