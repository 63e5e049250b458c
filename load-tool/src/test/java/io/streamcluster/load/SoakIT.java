package io.streamcluster.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamcluster.media.testing.Command;
import io.streamcluster.media.testing.Ffmpeg;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The soak, short: scripts/soak.sh for one minute with 100 staying players over HTTP-FLV, 20 more
 * coming and going all the time, and the publisher dropping and coming back every 20 s, with
 * Netty's leak detector sampling in the server. Its checks are the long soak's: no leak, no staying
 * player disconnected or stalled but while the publisher was away, memory flat.
 */
class SoakIT {

  @Test
  void aMinuteOfChurnAndADroppingPublisherLeaksNothingAndStallsNoStayingPlayer() throws Exception {
    Ffmpeg.ffmpeg(); // fails with how to install it when missing
    Path out = Path.of("target/soak-it").toAbsolutePath();
    Files.createDirectories(out);
    Command.Result soak =
        Command.of(
                "bash",
                Path.of("../scripts/soak.sh").toString(),
                "--minutes",
                "1",
                "--players",
                "100",
                "--churn",
                "20",
                "--publisher-cycle",
                "20",
                "--publisher-gap",
                "2",
                "--sample-seconds",
                "2",
                "--no-build",
                "--out-dir",
                out.toString())
            .timeout(Duration.ofMinutes(4))
            .run();

    String summary =
        Files.exists(out.resolve("summary.txt"))
            ? Files.readString(out.resolve("summary.txt"))
            : soak.stdout() + soak.stderr();
    assertThat(summary)
        .contains("PASS: no leak reported")
        .contains("PASS: no staying player disconnected")
        .contains("PASS: every staying player received media")
        .contains("PASS: no stall but while the publisher was away")
        .contains("PASS: RSS flat")
        .contains("PASS: direct buffers flat")
        .containsPattern("publisher absences: [2-9]");
    assertThat(soak.succeeded()).as(summary).isTrue();
  }
}
