package io.streamcluster.e2e.cluster;

import java.util.Locale;
import java.util.function.Supplier;

/**
 * Which cluster a run uses: {@code -De2e.cluster=node|k3s|kubeconfig}. Without it: {@code
 * kubeconfig} when {@code -De2e.kubeconfig} is given, else {@code node} on Linux as root, else
 * {@code k3s}.
 */
public enum ClusterChoice {
  NODE(NodeCluster::start),
  K3S(K3sCluster::start),
  KUBECONFIG(KubeconfigCluster::attach);

  private final Supplier<TestCluster> starter;

  ClusterChoice(Supplier<TestCluster> starter) {
    this.starter = starter;
  }

  public TestCluster start() {
    return starter.get();
  }

  public static ClusterChoice fromSystemProperties() {
    return choose(
        System.getProperty("e2e.cluster", ""),
        System.getProperty("e2e.kubeconfig", ""),
        System.getProperty("os.name", ""),
        NodeCluster.isRoot());
  }

  static ClusterChoice choose(String cluster, String kubeconfig, String osName, boolean root) {
    if (!cluster.isBlank()) {
      try {
        return valueOf(cluster.trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "-De2e.cluster=" + cluster + ": expected node, k3s or kubeconfig", e);
      }
    }
    if (!kubeconfig.isBlank()) {
      return KUBECONFIG;
    }
    return osName.toLowerCase(Locale.ROOT).contains("linux") && root ? NODE : K3S;
  }
}
