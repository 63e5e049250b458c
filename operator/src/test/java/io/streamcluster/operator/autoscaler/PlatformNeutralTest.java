package io.streamcluster.operator.autoscaler;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The autoscaler serves the Kubernetes reconciler and {@code local} mode alike, so it must not know
 * Kubernetes: its sources may use the JDK and each other, nothing else.
 */
class PlatformNeutralTest {

  static final Path SOURCES = Path.of("src/main/java/io/streamcluster/operator/autoscaler");
  static final Pattern IMPORT =
      Pattern.compile("^import\\s+(?:static\\s+)?([\\w.]+)", Pattern.MULTILINE);
  static final List<String> FORBIDDEN_NAMES =
      List.of("io.fabric8", "io.javaoperatorsdk", "io.kubernetes", "io.streamcluster.api");

  @Test
  void importsOnlyTheJdkAndItsOwnPackage() throws IOException {
    for (Path source : sources()) {
      Matcher imports = IMPORT.matcher(Files.readString(source));
      while (imports.find()) {
        assertThat(imports.group(1))
            .as("import in %s", source.getFileName())
            .matches("(java\\.|io\\.streamcluster\\.operator\\.autoscaler\\.).*");
      }
    }
  }

  @Test
  void namesNoKubernetesTypeByItsFullName() throws IOException {
    for (Path source : sources()) {
      String text = Files.readString(source);
      for (String forbidden : FORBIDDEN_NAMES) {
        assertThat(text)
            .as("%s mentions %s", source.getFileName(), forbidden)
            .doesNotContain(forbidden + ".");
      }
    }
  }

  private static List<Path> sources() throws IOException {
    assertThat(SOURCES).as("run from the operator module's directory").isDirectory();
    try (Stream<Path> files = Files.list(SOURCES)) {
      List<Path> java = files.filter(f -> f.toString().endsWith(".java")).toList();
      assertThat(java).isNotEmpty();
      return java;
    }
  }
}
