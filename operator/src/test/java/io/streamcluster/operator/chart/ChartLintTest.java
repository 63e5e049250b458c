package io.streamcluster.operator.chart;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.LintResult;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code helm lint --strict} passes with the defaults and with every test values file. */
class ChartLintTest {

  static Stream<Arguments> valueSets() {
    return Stream.concat(
        Stream.of(Arguments.of("defaults", Optional.empty())),
        OperatorChart.ciValuesFiles().stream()
            .map(f -> Arguments.of(f.getFileName().toString(), Optional.of(f))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("valueSets")
  void lintsStrictlyWithoutWarnings(String name, Optional<Path> valuesFile) throws IOException {
    LintResult result = OperatorChart.lint(valuesFile);

    assertThat(result.isFailed())
        .as("helm lint --strict with %s:%n%s", name, String.join("\n", result.getMessages()))
        .isFalse();
    assertThat(result.getMessages())
        .as("lint messages with %s", name)
        .noneMatch(m -> m.contains("[WARNING]") || m.contains("[ERROR]"));
  }
}
