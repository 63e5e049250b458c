package io.streamcluster.e2e.cluster;

import io.streamcluster.media.testing.Command;
import io.streamcluster.media.testing.ExternalTool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * An image built on this machine written as a docker-archive tarball, the format {@code ctr images
 * import}, {@code kind load image-archive} and {@code docker load} all read. From buildah's storage
 * where buildah is, else from Docker's.
 */
public final class ImageArchive {

  private ImageArchive() {}

  /** What a cluster does with an image's archive to make the image its own. */
  @FunctionalInterface
  interface Loader {
    void load(String image, Path tarball) throws Exception;
  }

  /** Writes each image to a temporary archive, hands it to {@code loader}, then deletes it. */
  static void loadEach(List<String> images, Loader loader) throws Exception {
    for (String image : images) {
      Path tarball = Files.createTempFile("e2e-image-", ".tar");
      try {
        Files.delete(tarball); // buildah and docker write the archive themselves
        export(image, tarball);
        loader.load(image, tarball);
      } finally {
        Files.deleteIfExists(tarball);
      }
    }
  }

  public static void export(String image, Path tarball) {
    if (ExternalTool.find("buildah").isPresent()
        && Command.of("buildah", "inspect", "--type", "image", image).run().succeeded()) {
      Command.of("buildah", "push", "--quiet", image, "docker-archive:" + tarball + ":" + image)
          .timeout(Duration.ofMinutes(5))
          .run()
          .orThrow();
    } else if (ExternalTool.find("docker").isPresent()) {
      Command.of("docker", "save", "-o", tarball.toString(), image)
          .timeout(Duration.ofMinutes(5))
          .run()
          .orThrow();
    } else {
      throw new IllegalStateException(
          "image "
              + image
              + " is neither in buildah's storage nor can Docker save it; build it first"
              + " (scripts/build-images.sh)");
    }
  }
}
