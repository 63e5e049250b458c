package io.streamcluster.e2e.cluster;

import io.streamcluster.e2e.E2EProject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.Container;
import org.testcontainers.k3s.K3sContainer;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.MountableFile;

/**
 * k3s in a container through Testcontainers, where a Docker engine runs (laptops, hosted CI).
 * Images are copied into the container and imported into its containerd with {@code ctr images
 * import}; nothing is pulled by the pods. The host is not on the cluster's networks, so it reaches
 * Services and pods through port-forwards.
 */
public final class K3sCluster extends AbstractTestCluster {

  /** The k3s build of the Kubernetes version the project's own node runs. */
  public static final String DEFAULT_IMAGE = "rancher/k3s:v1.34.4-k3s1";

  private final K3sContainer container;

  private K3sCluster(K3sContainer container, Path kubeconfig) {
    super(kubeconfig);
    this.container = container;
  }

  /** Starts k3s ({@code -De2e.k3s.image} to choose another build); fails at once without Docker. */
  public static K3sCluster start() {
    if (!dockerAvailable()) {
      throw new IllegalStateException(
          "-De2e.cluster=k3s runs k3s in a container through Testcontainers and needs a running"
              + " Docker engine (or a compatible one, e.g. DOCKER_HOST to Podman's socket), and"
              + " none was found. On a Linux machine where you are root use -De2e.cluster=node;"
              + " for an existing cluster use -De2e.cluster=kubeconfig -De2e.kubeconfig=PATH.");
    }
    String image = System.getProperty("e2e.k3s.image", DEFAULT_IMAGE);
    K3sContainer container =
        new K3sContainer(DockerImageName.parse(image).asCompatibleSubstituteFor("rancher/k3s"));
    container.start();
    try {
      Path kubeconfig = E2EProject.runDir().resolve("k3s.kubeconfig");
      Files.writeString(kubeconfig, container.getKubeConfigYaml(), StandardCharsets.UTF_8);
      return new K3sCluster(container, kubeconfig);
    } catch (IOException | RuntimeException e) {
      container.stop();
      throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
    }
  }

  private static boolean dockerAvailable() {
    try {
      return DockerClientFactory.instance().isDockerAvailable();
    } catch (RuntimeException | LinkageError e) {
      return false;
    }
  }

  @Override
  public String provider() {
    return "k3s";
  }

  @Override
  public String describe() {
    return "k3s ("
        + container.getDockerImageName()
        + " through Testcontainers), "
        + kubernetesVersion();
  }

  @Override
  public void loadImages(List<String> images) throws Exception {
    ImageArchive.loadEach(
        images,
        (image, tarball) -> {
          String inContainer = "/tmp/" + tarball.getFileName();
          container.copyFileToContainer(MountableFile.forHostPath(tarball), inContainer);
          Container.ExecResult result =
              container.execInContainer("ctr", "-n", "k8s.io", "images", "import", inContainer);
          if (result.getExitCode() != 0) {
            throw new IllegalStateException(
                "ctr images import of " + image + " failed: " + result.getStderr());
          }
          container.execInContainer("rm", "-f", inContainer);
        });
  }

  @Override
  public void close() {
    super.close();
    container.stop();
  }
}
