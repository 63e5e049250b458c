package io.streamcluster.e2e.cluster;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.streamcluster.media.testing.ExternalTool;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What every provider gives the tests in the same way: the kubeconfig file, a client built from it,
 * and kubectl on the PATH (a provider that brings its own kubectl says so).
 */
abstract class AbstractTestCluster implements TestCluster {

  private final Path kubeconfig;
  private final KubernetesClient client;

  AbstractTestCluster(Path kubeconfig) {
    this.kubeconfig = kubeconfig;
    try {
      this.client =
          new KubernetesClientBuilder()
              .withConfig(
                  Config.fromKubeconfig(Files.readString(kubeconfig, StandardCharsets.UTF_8)))
              .build();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read kubeconfig " + kubeconfig, e);
    }
  }

  @Override
  public final Path kubeconfig() {
    return kubeconfig;
  }

  @Override
  public final KubernetesClient client() {
    return client;
  }

  /** {@code -De2e.kubectl=PATH}, else the kubectl on the PATH. */
  @Override
  public Kubectl kubectl() {
    return new Kubectl(
        System.getProperty("e2e.kubectl", ExternalTool.require("kubectl", "install kubectl")),
        kubeconfig);
  }

  /** "Kubernetes v1.x.y", the end of every provider's {@link #describe()}. */
  final String kubernetesVersion() {
    return "Kubernetes " + client.getKubernetesVersion().getGitVersion();
  }

  /** Closes the client; a provider that started its cluster stops it after this. */
  @Override
  public void close() {
    client.close();
  }
}
