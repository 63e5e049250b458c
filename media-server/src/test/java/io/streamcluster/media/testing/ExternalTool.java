package io.streamcluster.media.testing;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Finds a real tool on the PATH, or fails saying how to install it. Never skips a test. */
public final class ExternalTool {

  private ExternalTool() {}

  public static String require(String name, String howToInstall) {
    return find(name)
        .orElseThrow(() -> new AssertionError(name + " is not installed; " + howToInstall));
  }

  public static Optional<String> find(String name) {
    String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
    for (String dir : path.split(File.pathSeparator)) {
      Path candidate = Path.of(dir, name);
      if (Files.isExecutable(candidate)) {
        return Optional.of(candidate.toString());
      }
    }
    return Optional.empty();
  }
}
