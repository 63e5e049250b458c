package io.streamcluster.operator;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** ffmpeg as the operator's ITs use it: a test-pattern publisher, and the binary itself. */
public final class Ffmpeg {

  private Ffmpeg() {}

  /** The ffmpeg on the PATH; fails the test with how to install it when there is none. */
  public static String binary() {
    for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
      if (Files.isExecutable(Path.of(dir, "ffmpeg"))) {
        return Path.of(dir, "ffmpeg").toString();
      }
    }
    throw new AssertionError("ffmpeg is not installed; run scripts/install-test-tools.sh");
  }

  /**
   * Publishes a 640x360 H.264 test pattern in real time to {@code rtmpUrl}, its output in {@code
   * log}, until stopped.
   */
  public static Process publish(String rtmpUrl, Path log) throws IOException {
    return new ProcessBuilder(
            List.of(
                binary(),
                "-hide_banner",
                "-v",
                "error",
                "-re",
                "-f",
                "lavfi",
                "-i",
                "testsrc2=size=640x360:rate=25",
                "-c:v",
                "libx264",
                "-preset",
                "ultrafast",
                "-tune",
                "zerolatency",
                "-g",
                "25",
                "-pix_fmt",
                "yuv420p",
                "-f",
                "flv",
                rtmpUrl))
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
  }

  /** Stops a process this test started, forcibly if it does not stop within 5 s. */
  public static void stop(Process process) throws InterruptedException {
    process.destroy();
    if (!process.waitFor(5, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
    }
  }
}
