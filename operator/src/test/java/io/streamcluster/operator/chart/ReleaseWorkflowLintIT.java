package io.streamcluster.operator.chart;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamcluster.media.testing.Command;
import io.streamcluster.media.testing.ExternalTool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The release workflow passes actionlint, the linter GitHub Actions users run: its expressions, its
 * actions' inputs, and (through shellcheck) its shell scripts. scripts/install-test-tools.sh
 * installs both.
 */
class ReleaseWorkflowLintIT {

  static final String INSTALL =
      "run scripts/install-test-tools.sh (go install"
          + " github.com/rhysd/actionlint/cmd/actionlint@v1.7.7; apt-get install -y shellcheck)";

  @Test
  void theReleaseWorkflowPassesActionlintAndShellcheck() throws Exception {
    ExternalTool.require("shellcheck", INSTALL);
    String actionlint =
        ExternalTool.find("actionlint")
            .or(() -> inGoBin("actionlint"))
            .orElseThrow(() -> new AssertionError("actionlint is not installed; " + INSTALL));

    Command.Result result =
        Command.of(actionlint, ReleaseWorkflowTest.WORKFLOW.toString())
            .timeout(Duration.ofSeconds(60))
            .run();

    assertThat(result.succeeded()).as("actionlint: %s", result.describe()).isTrue();
  }

  /** Where {@code go install} puts tools by default. */
  private static Optional<String> inGoBin(String name) {
    Path tool = Path.of(System.getProperty("user.home"), "go", "bin", name);
    return Files.isExecutable(tool) ? Optional.of(tool.toString()) : Optional.empty();
  }
}
