package io.streamcluster.e2e.media;

import io.streamcluster.e2e.process.Command;
import io.streamcluster.e2e.process.ExternalTool;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Real ffmpeg on the host as a publisher. Every process started is stopped by pid. */
public final class Ffmpeg {

  private static final String INSTALL =
      "run scripts/install-test-tools.sh (apt-get install -y ffmpeg)";

  private Ffmpeg() {}

  static String ffmpeg() {
    return ExternalTool.require("ffmpeg", INSTALL);
  }

  static String ffprobe() {
    return ExternalTool.require("ffprobe", INSTALL);
  }

  /**
   * Publishes a generated H.264 + AAC stream (test pattern and a tone) in real time with a 2 s GOP
   * to an RTMP URL until closed.
   */
  public static Running publish(String rtmpUrl, int width, int height, int kbps) {
    return Running.start(
        List.of(
            ffmpeg(),
            "-hide_banner",
            "-loglevel",
            "error",
            "-re",
            "-f",
            "lavfi",
            "-i",
            "testsrc2=size=" + width + "x" + height + ":rate=25",
            "-f",
            "lavfi",
            "-i",
            "sine=frequency=440:sample_rate=44100",
            "-c:v",
            "libx264",
            "-preset",
            "ultrafast",
            "-tune",
            "zerolatency",
            "-b:v",
            kbps + "k",
            "-maxrate",
            kbps + "k",
            "-bufsize",
            kbps + "k",
            "-g",
            "50",
            "-pix_fmt",
            "yuv420p",
            "-c:a",
            "aac",
            "-b:a",
            "64k",
            "-f",
            "flv",
            rtmpUrl));
  }

  /** A started process and everything it printed (stdout and stderr in one file). */
  public static final class Running implements AutoCloseable {
    private final Process process;
    private final Path output;

    private Running(Process process, Path output) {
      this.process = process;
      this.output = output;
    }

    static Running start(List<String> command) {
      try {
        Path output = Files.createTempFile("e2e-media-", ".out");
        Process process =
            new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectOutput(output.toFile())
                .start();
        return new Running(process, output);
      } catch (IOException e) {
        throw new UncheckedIOException("could not start " + command.get(0), e);
      }
    }

    public boolean isAlive() {
      return process.isAlive();
    }

    public String printed() {
      try {
        return Files.readString(output, StandardCharsets.UTF_8);
      } catch (IOException e) {
        return "(output unreadable: " + e + ")";
      }
    }

    @Override
    public void close() throws IOException {
      Command.stop(process);
      Files.deleteIfExists(output);
    }
  }
}
