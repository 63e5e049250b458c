package io.streamcluster.e2e.cluster;

import io.streamcluster.media.testing.Command;
import io.streamcluster.media.testing.ExternalTool;
import java.nio.file.Path;
import java.time.Duration;

/**
 * An image built on this machine written as a docker-archive tarball, the format {@code ctr images
 * import}, {@code kind load image-archive} and {@code docker load} all read. From buildah's storage
 * where buildah is, else from Docker's.
 */
public final class ImageArchive {

  private ImageArchive() {}

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
