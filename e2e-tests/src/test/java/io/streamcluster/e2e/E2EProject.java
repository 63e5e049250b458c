package io.streamcluster.e2e;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the project's files are, as Failsafe passes them (or found from the working directory). */
public final class E2EProject {

  private E2EProject() {}

  /** The repository's root folder. */
  public static Path root() {
    String configured = System.getProperty("e2e.projectDir", "");
    if (!configured.isBlank()) {
      return Path.of(configured).toAbsolutePath().normalize();
    }
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.exists(dir.resolve("e2e-tests/cluster/node.sh"))) {
        return dir;
      }
    }
    throw new IllegalStateException(
        "cannot find the project root (no e2e-tests/cluster/node.sh above "
            + Path.of("").toAbsolutePath()
            + "); set -De2e.projectDir");
  }

  /** {@code e2e-tests/cluster/}: the node's scripts. */
  public static Path clusterScripts() {
    return root().resolve("e2e-tests/cluster");
  }

  /** {@code e2e-tests/target/e2e/}: logs, kubeconfigs and timelines of the runs. */
  public static Path runDir() {
    String configured = System.getProperty("e2e.targetDir", "");
    Path target = configured.isBlank() ? root().resolve("e2e-tests/target") : Path.of(configured);
    Path dir = target.resolve("e2e");
    try {
      Files.createDirectories(dir);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return dir;
  }

  /** The project version: the images' tag. */
  public static String version() {
    return System.getProperty("e2e.version", "0.1.0");
  }
}
