package io.streamcluster.operator.kubeapi;

import io.fabric8.kubernetes.api.model.Secret;
import io.streamcluster.media.clusterapi.ClusterSecret;
import io.streamcluster.operator.model.ClusterSecretModel;
import io.streamcluster.operator.scaleloop.OriginAccess;
import io.streamcluster.operator.scaleloop.OriginEndpoints;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A real origin process in place of a StreamCluster's origin pod, and the simulated edges that
 * check in with it. The operator finds it through {@link #endpoints()} instead of the origin
 * Service's DNS name; the endpoints are handed to the operator before the origin runs, and points
 * nowhere until then.
 */
final class LiveOrigin implements AutoCloseable {

  private final AtomicReference<URI> uri = new AtomicReference<>(URI.create("http://127.0.0.1:1"));
  private OriginProcess process;
  private EdgeFleetSimulator fleet;

  /** Where the operator finds the origin: the origin process, once it runs. */
  OriginEndpoints endpoints() {
    return (names, replicas) -> List.of(uri.get());
  }

  /** Where players ask for an edge ({@code /cluster}): the origin's public port, once it runs. */
  URI publicUri() {
    return process.publicUri();
  }

  /**
   * Waits for the cluster secret the operator generates for {@code cluster}, starts the origin with
   * it as its pod would be (its output in {@code log}), then the edge fleet that follows the
   * cluster's edge Deployment and checks in with the origin.
   */
  EdgeFleetSimulator startWithEdges(OperatorHarness harness, String cluster, Path log)
      throws IOException, InterruptedException {
    Secret secret =
        harness.await(Secret.class, cluster + "-cluster-secret", s -> s.getData() != null);
    byte[] secretBytes = ClusterSecretModel.secretBytes(secret).orElseThrow();
    Path dir = Files.createDirectories(log.getParent());
    process = OriginProcess.start(OriginProcess.writeSecret(dir, secretBytes), log);
    uri.set(process.uri());
    fleet =
        new EdgeFleetSimulator(
                harness.client,
                harness.namespace,
                cluster,
                new OriginAccess(
                    List.of(process.uri()), new ClusterSecret(secretBytes, Clock.systemUTC())))
            .start();
    return fleet;
  }

  /** Stops the edges, then the origin. */
  @Override
  public void close() {
    try {
      if (fleet != null) {
        fleet.close();
      }
    } finally {
      if (process != null) {
        process.close();
      }
    }
  }
}
