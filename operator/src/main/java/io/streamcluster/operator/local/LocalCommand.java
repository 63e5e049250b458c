package io.streamcluster.operator.local;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.ContextInitializer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.streamcluster.api.v1alpha1.StreamCluster;
import io.streamcluster.media.ClusterDefaults;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code streamcluster-operator local [-f live.yaml]}: the StreamCluster's origin and edges on this
 * machine, autoscaled, with a live status table. No Kubernetes needed.
 */
@Command(
    name = "local",
    mixinStandardHelpOptions = true,
    description =
        "Runs a StreamCluster's origin and edges on this machine, with no Kubernetes, and"
            + " autoscales the edges on their players.")
public final class LocalCommand implements Callable<Integer> {

  @Option(
      names = {"-f", "--file"},
      description = "A StreamCluster YAML. Default: the built-in example (2..20 edges at 1,500).")
  Path file;

  @Option(names = "--bind", defaultValue = "127.0.0.1", description = "Default: ${DEFAULT-VALUE}")
  String bind;

  @Option(
      names = "--advertise-host",
      defaultValue = "127.0.0.1",
      description = "The address /cluster hands out for the edges. Default: ${DEFAULT-VALUE}")
  String advertiseHost;

  @Option(
      names = "--rtmp-port",
      defaultValue = "" + ClusterDefaults.RTMP_PORT,
      description = "The origin's RTMP port; edge n uses this plus n. Default: ${DEFAULT-VALUE}")
  int rtmpPort;

  @Option(
      names = "--http-port",
      defaultValue = "" + ClusterDefaults.HTTP_PORT,
      description = "The origin's HTTP port; edge n uses this plus n. Default: ${DEFAULT-VALUE}")
  int httpPort;

  @Option(
      names = "--internal-port",
      defaultValue = "" + ClusterDefaults.INTERNAL_PORT,
      description =
          "The origin's internal port (metrics, the cluster API); edge n uses this plus n."
              + " Default: ${DEFAULT-VALUE}")
  int internalPort;

  @Option(
      names = "--sync-seconds",
      defaultValue = "15",
      description =
          "How often the scaling loop reads the load and decides. Default: ${DEFAULT-VALUE}")
  int syncSeconds;

  @Option(
      names = "--shutdown-drain-seconds",
      defaultValue = "10",
      description =
          "On Ctrl-C, how long edges wait for their players to leave. Default: ${DEFAULT-VALUE}")
  int shutdownDrainSeconds;

  @Override
  public Integer call() throws Exception {
    useTextLogs();
    StreamCluster resource = read(file);
    LocalCluster cluster =
        new LocalCluster(
                resource,
                new LocalPorts(bind, advertiseHost, rtmpPort, httpPort, internalPort),
                InstantSource.system(),
                Duration.ofSeconds(1),
                Duration.ofSeconds(syncSeconds))
            .start();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  System.out.println("Draining and stopping...");
                  cluster.shutdown(Duration.ofSeconds(shutdownDrainSeconds));
                  stopped.countDown();
                },
                "shutdown"));
    String name = resource.getMetadata() == null ? "local" : resource.getMetadata().getName();
    System.out.printf(
        "StreamCluster '%s' running locally.%n"
            + "  publish:  ffmpeg -re -i INPUT -c copy -f flv rtmp://%s:%d/live/STREAM%n"
            + "  edges:    curl http://%s:%d/cluster   (then play rtmp://EDGE/live/STREAM)%n"
            + "  HTTP-FLV: http://EDGE_HOST:EDGE_HTTP_PORT/live/STREAM.flv, see /api/v1/edges/next?stream=STREAM%n"
            + "  Ctrl-C drains the edges and stops.%n%n",
        name, advertiseHost, rtmpPort, advertiseHost, httpPort);
    StatusTable table = new StatusTable(System.out);
    table.print(cluster.status());
    while (!stopped.await(syncSeconds, java.util.concurrent.TimeUnit.SECONDS)) {
      table.print(cluster.sync());
    }
    return 0;
  }

  /** A person watches local mode: plain text logs beside the table, unless asked otherwise. */
  private static void useTextLogs() throws Exception {
    if (System.getenv("STREAMCLUSTER_LOG_FORMAT") != null) {
      return;
    }
    System.setProperty("STREAMCLUSTER_LOG_FORMAT", "text");
    if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
      context.reset();
      new ContextInitializer(context).autoConfig();
    }
  }

  /** The StreamCluster in the file, or the built-in example; defaults filled as the CRD's. */
  static StreamCluster read(Path file) throws Exception {
    try (InputStream in =
        file == null
            ? LocalCommand.class.getResourceAsStream("/local/live.yaml")
            : Files.newInputStream(file)) {
      if (in == null) {
        throw new IllegalStateException("the built-in example StreamCluster is missing");
      }
      StreamCluster resource = Serialization.unmarshal(in, StreamCluster.class);
      if (resource.getSpec() == null) {
        throw new IllegalArgumentException(
            (file == null ? "the example" : file) + " has no spec: is it a StreamCluster?");
      }
      return resource;
    }
  }
}
