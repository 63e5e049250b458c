package io.streamcluster.operator;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code local}: runs a StreamCluster's origin and edges on this machine, without Kubernetes. Its
 * place on the command line is fixed; the mode itself is not in this build yet.
 */
@Command(
    name = "local",
    mixinStandardHelpOptions = true,
    description =
        "Runs a StreamCluster on this machine, without Kubernetes (not in this build yet).")
final class LocalModeCommand implements Callable<Integer> {

  @Option(
      names = {"-f", "--file"},
      description = "The StreamCluster to run (YAML)")
  Path file;

  @Override
  public Integer call() {
    System.err.println("local mode is not in this build yet");
    return 2;
  }
}
