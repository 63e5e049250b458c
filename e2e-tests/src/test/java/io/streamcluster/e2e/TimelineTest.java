package io.streamcluster.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TimelineTest {

  @Test
  void recordsEveryStepAlsoAFailedOne(@TempDir Path dir) throws Exception {
    Timeline timeline = new Timeline();
    timeline.note("cluster: test");
    assertThat(timeline.measure("image load", () -> 42)).isEqualTo(42);
    assertThatThrownBy(
            () ->
                timeline.step(
                    "pod ready",
                    () -> {
                      throw new IllegalStateException("no");
                    }))
        .hasMessage("no");

    assertThat(timeline.steps())
        .extracting(Timeline.Step::name)
        .containsExactly("image load", "pod ready (failed)");
    String written = Files.readString(timeline.write(dir));
    assertThat(written).contains("- cluster: test", "| image load |", "| pod ready (failed) |");
  }
}
