package io.streamcluster.e2e.cluster;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientTimeoutException;
import java.time.Duration;
import java.util.Comparator;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/** Waiting for workloads, and saying what went wrong (pods, events) when they do not come up. */
public final class Workloads {

  private Workloads() {}

  /** Waits until every replica of the Deployment's current revision is ready. */
  public static Deployment awaitDeploymentReady(
      KubernetesClient client, String namespace, String name, Duration timeout) {
    try {
      return client
          .apps()
          .deployments()
          .inNamespace(namespace)
          .withName(name)
          .waitUntilCondition(
              Workloads::deploymentReady, timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (KubernetesClientTimeoutException e) {
      throw new AssertionError(
          "Deployment "
              + namespace
              + "/"
              + name
              + " not ready after "
              + timeout
              + "\n"
              + diagnose(client, namespace),
          e);
    }
  }

  static boolean deploymentReady(Deployment deployment) {
    if (deployment == null || deployment.getStatus() == null) {
      return false;
    }
    int wanted = Objects.requireNonNullElse(deployment.getSpec().getReplicas(), 1);
    var status = deployment.getStatus();
    return Objects.equals(status.getObservedGeneration(), deployment.getMetadata().getGeneration())
        && Objects.requireNonNullElse(status.getUpdatedReplicas(), 0) == wanted
        && Objects.requireNonNullElse(status.getReadyReplicas(), 0) == wanted
        && Objects.requireNonNullElse(status.getReplicas(), 0) == wanted;
  }

  /** The namespace's pods with their phase and container states, and its recent events. */
  public static String diagnose(KubernetesClient client, String namespace) {
    StringBuilder out = new StringBuilder("pods in ").append(namespace).append(":\n");
    for (Pod pod : client.pods().inNamespace(namespace).list().getItems()) {
      out.append("  ")
          .append(pod.getMetadata().getName())
          .append(' ')
          .append(pod.getStatus().getPhase())
          .append(' ')
          .append(
              pod.getStatus().getContainerStatuses().stream()
                  .map(c -> c.getName() + "=" + c.getState())
                  .collect(Collectors.joining(", ")))
          .append('\n');
    }
    out.append("events:\n");
    client.v1().events().inNamespace(namespace).list().getItems().stream()
        .sorted(
            Comparator.comparing(Event::getLastTimestamp, Comparator.nullsFirst(String::compareTo)))
        .forEach(
            e ->
                out.append("  ")
                    .append(e.getType())
                    .append(' ')
                    .append(e.getReason())
                    .append(' ')
                    .append(e.getInvolvedObject().getKind())
                    .append('/')
                    .append(e.getInvolvedObject().getName())
                    .append(": ")
                    .append(e.getMessage())
                    .append('\n'));
    return out.toString();
  }
}
