package io.streamcluster.e2e.cluster;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.streamcluster.e2e.E2EProject;
import io.streamcluster.media.testing.Command;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The project's own single-node Kubernetes on this machine ({@code e2e-tests/cluster/node.sh}):
 * upstream etcd, control plane, kubelet, kube-proxy and CoreDNS over Debian's containerd. Brought
 * up when the run starts and taken down when it ends; a JVM shutdown hook takes it down too when
 * the run is interrupted, and the next {@code up} clears whatever a killed run left.
 */
public final class NodeCluster extends AbstractTestCluster {

  /**
   * The node's external address ({@code EXTERNAL_IP} of node.sh): on its bridge, reached by this
   * host, and never routed anywhere else (TEST-NET-1).
   */
  public static final String EXTERNAL_ADDRESS = "192.0.2.10";

  private static final Duration UP_TIMEOUT = Duration.ofMinutes(20); // a cold build included
  private static final Duration DOWN_TIMEOUT = Duration.ofMinutes(2);

  private final Path script;
  private final Path binaries;
  private final Thread shutdownHook;
  private final AtomicBoolean down = new AtomicBoolean();

  private NodeCluster(Path script, Path kubeconfig, Path binaries, Thread shutdownHook) {
    super(kubeconfig);
    this.script = script;
    this.binaries = binaries;
    this.shutdownHook = shutdownHook;
  }

  /** Runs {@code node.sh up}; its progress goes to stderr. */
  public static NodeCluster start() {
    requireLinuxRoot();
    Path scripts = E2EProject.clusterScripts();
    Path script = scripts.resolve("node.sh");
    // registered before up, so that an interrupted up is taken down as well
    Thread hook = new Thread(() -> down(script), "e2e-node-down");
    Runtime.getRuntime().addShutdownHook(hook);
    Command.Result up = Command.of(script.toString(), "up").timeout(UP_TIMEOUT).echoStderr().run();
    if (!up.succeeded()) {
      down(script);
      removeHook(hook);
      throw new IllegalStateException(
          "node.sh up failed; its logs were in /var/lib/streamcluster-e2e/logs\n" + up.describe());
    }
    Path kubeconfig = Path.of(lastLine(up.stdout()).replaceFirst("^export KUBECONFIG=", ""));
    String bin =
        lastLine(
            Command.of(scripts.resolve("build-binaries.sh").toString()).run().orThrow().stdout());
    return new NodeCluster(script, kubeconfig, Path.of(bin), hook);
  }

  @Override
  public String provider() {
    return "node";
  }

  @Override
  public String describe() {
    return "node (single-node Kubernetes from upstream parts, e2e-tests/cluster/node.sh), "
        + kubernetesVersion()
        + ", kubeconfig "
        + kubeconfig();
  }

  /** The kubectl built with the node's other binaries, of the node's version. */
  @Override
  public Kubectl kubectl() {
    return new Kubectl(binaries.resolve("kubectl").toString(), kubeconfig());
  }

  @Override
  public void loadImages(List<String> images) {
    List<String> command = new ArrayList<>(List.of(script.toString(), "load"));
    command.addAll(images);
    Command.of(command).timeout(Duration.ofMinutes(10)).echoStderr().run().orThrow();
  }

  /** The host reaches ClusterIPs directly: kube-proxy's rules apply to its own traffic too. */
  @Override
  public HostEndpoint reach(Service service, int port) {
    return HostEndpoint.direct(PodNetwork.requireReachable(service.getSpec().getClusterIP()), port);
  }

  /** The node's own external address, on its bridge; checked there before anyone connects. */
  @Override
  public Map<String, String> nodeExternalAddresses() {
    Command.Result addresses =
        Command.of("ip", "-o", "addr", "show", "dev", PodNetwork.BRIDGE).run();
    if (!addresses.succeeded() || !addresses.stdout().contains(" " + EXTERNAL_ADDRESS + "/")) {
      throw new IllegalStateException(
          "the node's external address "
              + EXTERNAL_ADDRESS
              + " is not on "
              + PodNetwork.BRIDGE
              + " (node.sh up puts it there): "
              + addresses.describe());
    }
    Map<String, String> external = new LinkedHashMap<>();
    client()
        .nodes()
        .list()
        .getItems()
        .forEach(n -> external.put(n.getMetadata().getName(), EXTERNAL_ADDRESS));
    return external;
  }

  /** Pods sit on the node's bridge, which the host is on. */
  @Override
  public HostEndpoint reach(Pod pod, int port) {
    return HostEndpoint.direct(PodNetwork.requireReachable(pod.getStatus().getPodIP()), port);
  }

  @Override
  public void close() {
    if (down.compareAndSet(false, true)) {
      super.close();
      down(script);
      removeHook(shutdownHook);
    }
  }

  private static void down(Path script) {
    Command.Result result =
        Command.of(script.toString(), "down").timeout(DOWN_TIMEOUT).echoStderr().run();
    if (!result.succeeded()) {
      System.err.println("e2e: node.sh down failed\n" + result.describe());
    }
  }

  private static void removeHook(Thread hook) {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException alreadyShuttingDown) {
      // the hook is running or has run
    }
  }

  private static void requireLinuxRoot() {
    if (!System.getProperty("os.name", "").toLowerCase().contains("linux") || !isRoot()) {
      throw new IllegalStateException(
          "-De2e.cluster=node needs Linux and root (containerd, the kubelet and a bridge);"
              + " elsewhere use -De2e.cluster=k3s (Docker) or -De2e.cluster=kubeconfig"
              + " -De2e.kubeconfig=PATH");
    }
  }

  static boolean isRoot() {
    try {
      return Files.readAllLines(Path.of("/proc/self/status")).stream()
          .filter(line -> line.startsWith("Uid:"))
          .map(line -> line.split("\\s+")[1])
          .anyMatch("0"::equals);
    } catch (java.io.IOException e) {
      return false;
    }
  }

  private static String lastLine(String text) {
    String[] lines = text.strip().split("\n");
    return lines[lines.length - 1].strip();
  }
}
