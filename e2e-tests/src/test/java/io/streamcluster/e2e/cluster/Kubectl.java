package io.streamcluster.e2e.cluster;

import io.streamcluster.media.testing.Command;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** kubectl against one cluster, as a user would type it. */
public final class Kubectl {

  private final String binary;
  private final Path kubeconfig;

  public Kubectl(String binary, Path kubeconfig) {
    this.binary = binary;
    this.kubeconfig = kubeconfig;
  }

  /** Runs {@code kubectl ARGS...}; the result tells whether it succeeded. */
  public Command.Result run(String... args) {
    List<String> command = new ArrayList<>();
    command.add(binary);
    command.addAll(List.of(args));
    return Command.of(command)
        .env("KUBECONFIG", kubeconfig.toString())
        .timeout(Duration.ofMinutes(2))
        .run();
  }

  /** {@code kubectl apply -f FILE [-n NAMESPACE]}. */
  public Command.Result apply(Path file, String namespace) {
    return run("apply", "-n", namespace, "-f", file.toString());
  }

  public String binary() {
    return binary;
  }
}
