package io.streamcluster.media.it;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

/** Finds a real tool on the PATH, or fails the test saying how to install it. Never skips. */
final class ExternalTool {

  private ExternalTool() {}

  static String require(String name) {
    String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
    for (String dir : path.split(File.pathSeparator)) {
      Path candidate = Path.of(dir, name);
      if (Files.isExecutable(candidate)) {
        return candidate.toString();
      }
    }
    throw new AssertionError(
        name
            + " is not installed; run scripts/install-test-tools.sh (or apt-get install -y ffmpeg)");
  }
}
