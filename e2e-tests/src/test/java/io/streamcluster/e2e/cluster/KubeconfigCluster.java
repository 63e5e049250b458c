package io.streamcluster.e2e.cluster;

import io.streamcluster.media.testing.Command;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * An existing cluster named by a kubeconfig ({@code -De2e.kubeconfig=PATH}, else {@code
 * $KUBECONFIG}, else {@code ~/.kube/config}), e.g. kind. It is neither started nor stopped. Images
 * reach it through {@code -De2e.imageLoad="COMMAND {archive}"} (for kind: {@code "kind load
 * image-archive {archive}"}), which is given each image as a docker-archive tarball; without it the
 * cluster must already be able to run the images (a registry the cluster pulls from).
 */
public final class KubeconfigCluster extends AbstractTestCluster {

  private KubeconfigCluster(Path kubeconfig) {
    super(kubeconfig);
  }

  public static KubeconfigCluster attach() {
    String configured = System.getProperty("e2e.kubeconfig", "");
    if (configured.isBlank()) {
      configured = System.getenv().getOrDefault("KUBECONFIG", "");
    }
    Path path =
        configured.isBlank()
            ? Path.of(System.getProperty("user.home"), ".kube", "config")
            : Path.of(configured.split(java.io.File.pathSeparator)[0]);
    if (!Files.isReadable(path)) {
      throw new IllegalStateException(
          "-De2e.cluster=kubeconfig needs a readable kubeconfig: -De2e.kubeconfig=PATH (tried "
              + path
              + ")");
    }
    return new KubeconfigCluster(path);
  }

  @Override
  public String provider() {
    return "kubeconfig";
  }

  @Override
  public String describe() {
    return "kubeconfig "
        + kubeconfig()
        + " (context "
        + client().getConfiguration().getCurrentContext().getName()
        + ", "
        + client().getMasterUrl()
        + "), "
        + kubernetesVersion();
  }

  @Override
  public void loadImages(List<String> images) throws Exception {
    String template = System.getProperty("e2e.imageLoad", "");
    if (template.isBlank()) {
      System.out.println(
          "e2e: no -De2e.imageLoad given; expecting the cluster to have " + images + " already");
      return;
    }
    ImageArchive.loadEach(
        images,
        (image, tarball) -> {
          List<String> command =
              Arrays.stream(template.trim().split("\\s+"))
                  .map(word -> word.replace("{archive}", tarball.toString()))
                  .toList();
          Command.of(command).timeout(Duration.ofMinutes(10)).run().orThrow();
        });
  }
}
