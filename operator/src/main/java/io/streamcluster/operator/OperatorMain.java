package io.streamcluster.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.streamcluster.operator.local.LocalCommand;
import io.streamcluster.operator.model.NetworkIsolation;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code java -jar streamcluster-operator.jar}: runs the operator against the cluster of the
 * in-cluster service account or the kubeconfig. Every flag also reads a {@code STREAMCLUSTER_*}
 * environment variable, which is how the Helm chart configures it. {@code local} runs a
 * StreamCluster on this machine without Kubernetes.
 */
@Command(
    name = "streamcluster-operator",
    mixinStandardHelpOptions = true,
    version = "streamcluster-operator 0.1.0",
    description = "Runs StreamClusters (origin-edge live streaming) on Kubernetes.",
    subcommands = LocalCommand.class)
public final class OperatorMain implements Callable<Integer> {

  private static final Logger log = LoggerFactory.getLogger(OperatorMain.class);

  @Spec CommandSpec spec;

  @Option(
      names = "--media-server-image",
      defaultValue =
          "${env:STREAMCLUSTER_MEDIA_SERVER_IMAGE:-" + OperatorSettings.DEFAULT_IMAGE + "}",
      description =
          "Media-server image for StreamClusters without spec.image. Default: ${DEFAULT-VALUE}")
  String mediaServerImage;

  @Option(
      names = "--watch-namespaces",
      defaultValue = "${env:STREAMCLUSTER_WATCH_NAMESPACES:-}",
      description = "Comma-separated namespaces to watch; empty for all. Default: all")
  String watchNamespaces;

  @Option(
      names = "--sync-period-seconds",
      defaultValue = "${env:STREAMCLUSTER_SYNC_PERIOD_SECONDS:-15}",
      description =
          "How often the autoscaler reads the load and decides. Default: ${DEFAULT-VALUE}")
  int syncPeriodSeconds;

  @Option(
      names = "--origin-timeout-seconds",
      defaultValue = "${env:STREAMCLUSTER_ORIGIN_TIMEOUT_SECONDS:-3}",
      description = "Timeout of a call to an origin's cluster API. Default: ${DEFAULT-VALUE}")
  int originTimeoutSeconds;

  @Option(
      names = "--health-port",
      defaultValue = "${env:STREAMCLUSTER_HEALTH_PORT:-8080}",
      description = "Port of /healthz, /readyz and /metrics. Default: ${DEFAULT-VALUE}")
  int healthPort;

  @Option(
      names = "--leader-election",
      negatable = true,
      defaultValue = "${env:STREAMCLUSTER_LEADER_ELECTION:-true}",
      fallbackValue = "true",
      description =
          "Elect a leader through a Lease so that one replica reconciles. Default: ${DEFAULT-VALUE}")
  boolean leaderElection;

  @Option(
      names = "--lease-name",
      defaultValue = "${env:STREAMCLUSTER_LEASE_NAME:-streamcluster-operator}",
      description = "Name of the leader-election Lease. Default: ${DEFAULT-VALUE}")
  String leaseName;

  @Option(
      names = "--lease-namespace",
      defaultValue = "${env:STREAMCLUSTER_LEASE_NAMESPACE:-}",
      description = "Namespace of the Lease. Default: the operator's own")
  String leaseNamespace;

  @Option(
      names = "--read-nodes",
      negatable = true,
      defaultValue = "${env:STREAMCLUSTER_READ_NODES:-true}",
      fallbackValue = "true",
      description =
          "Watch Nodes (cluster-wide, read only) for the external addresses of advertise:"
              + " NodeExternalIP. Default: ${DEFAULT-VALUE}")
  boolean readNodes;

  @Option(
      names = "--network-policy",
      negatable = true,
      defaultValue = "${env:STREAMCLUSTER_NETWORK_POLICY:-false}",
      fallbackValue = "true",
      description =
          "Give each StreamCluster a NetworkPolicy that lets only its own origins and edges, the"
              + " operator's pods (--operator-namespace, --operator-pod-labels) and the"
              + " --monitoring-namespaces reach the media servers' internal port."
              + " Default: ${DEFAULT-VALUE}")
  boolean networkPolicy;

  @Option(
      names = "--operator-namespace",
      defaultValue = "${env:STREAMCLUSTER_OPERATOR_NAMESPACE:-}",
      description = "The namespace this operator runs in (for --network-policy)")
  String operatorNamespace;

  @Option(
      names = "--operator-pod-labels",
      defaultValue = "${env:STREAMCLUSTER_OPERATOR_POD_LABELS:-}",
      description = "Labels that select this operator's pods, key=value,... (for --network-policy)")
  String operatorPodLabels;

  @Option(
      names = "--monitoring-namespaces",
      defaultValue = "${env:STREAMCLUSTER_MONITORING_NAMESPACES:-monitoring}",
      description =
          "Comma-separated namespaces whose pods may scrape the media servers' /metrics (for"
              + " --network-policy). Default: ${DEFAULT-VALUE}")
  String monitoringNamespaces;

  /** The settings these flags and variables give. */
  public OperatorSettings settings() {
    Set<String> namespaces = Set.copyOf(list(watchNamespaces));
    return OperatorSettings.builder()
        .mediaServerImage(mediaServerImage.strip())
        .watchNamespaces(namespaces)
        .syncPeriod(Duration.ofSeconds(syncPeriodSeconds))
        .originTimeout(Duration.ofSeconds(originTimeoutSeconds))
        .healthPort(healthPort)
        .leaderElection(leaderElection)
        .lease(leaseName, Optional.of(leaseNamespace.strip()).filter(s -> !s.isEmpty()))
        .readNodes(readNodes)
        .networkIsolation(networkPolicy ? Optional.of(networkIsolation()) : Optional.empty())
        .build();
  }

  private NetworkIsolation networkIsolation() {
    Map<String, String> labels = new LinkedHashMap<>();
    for (String pair : list(operatorPodLabels)) {
      int equals = pair.indexOf('=');
      if (equals <= 0) {
        throw new IllegalArgumentException(
            "--operator-pod-labels: expected key=value, got \"" + pair + "\"");
      }
      labels.put(pair.substring(0, equals).strip(), pair.substring(equals + 1).strip());
    }
    return new NetworkIsolation(operatorNamespace.strip(), labels, list(monitoringNamespaces));
  }

  /** The non-empty items of a comma-separated list. */
  private static List<String> list(String commaSeparated) {
    return Arrays.stream(commaSeparated.split(","))
        .map(String::strip)
        .filter(s -> !s.isEmpty())
        .toList();
  }

  @Override
  public Integer call() throws Exception {
    OperatorSettings settings;
    try {
      settings = settings();
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    }
    PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new JvmMemoryMetrics().bindTo(metrics);
    new JvmGcMetrics().bindTo(metrics);
    new JvmThreadMetrics().bindTo(metrics);
    new ProcessorMetrics().bindTo(metrics);
    KubernetesClient client = new KubernetesClientBuilder().build();
    StreamClusterOperator operator = StreamClusterOperator.create(client, settings, metrics);
    HealthServer health =
        HealthServer.start(settings.healthPort(), operator::alive, operator::started, metrics);
    log.info("Health and metrics on port {}", health.port());
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  log.info("Stopping: finishing the reconciles in progress");
                  try {
                    operator.close();
                  } finally {
                    health.close();
                    client.close();
                    stopped.countDown();
                  }
                },
                "shutdown"));
    operator.start();
    stopped.await();
    return 0;
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new OperatorMain()).execute(args));
  }
}
