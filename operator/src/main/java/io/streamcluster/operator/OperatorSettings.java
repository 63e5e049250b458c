package io.streamcluster.operator;

import io.streamcluster.operator.model.NetworkIsolation;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The operator's configuration, read once at start (from flags or {@code STREAMCLUSTER_*}
 * variables, see {@link OperatorMain}).
 *
 * @param mediaServerImage the media-server image for StreamClusters that name none
 * @param watchNamespaces the namespaces whose StreamClusters are reconciled; empty for all
 * @param syncPeriod how often the autoscaler reads the load and decides, per StreamCluster
 * @param originTimeout how long a call to an origin's cluster API may take
 * @param healthPort the port of {@code /healthz}, {@code /readyz} and {@code /metrics}; 0 for any
 * @param leaderElection whether replicas elect a leader through a Lease, so one reconciles
 * @param leaseName the Lease's name
 * @param leaseNamespace the Lease's namespace; the operator's own when empty
 * @param readNodes whether the operator watches Nodes (cluster-wide, read only) for their external
 *     addresses ({@code advertise: NodeExternalIP}); without, such edges get no address
 * @param networkIsolation who may reach the media servers' internal port, when the operator gives
 *     each StreamCluster a NetworkPolicy; empty for none
 */
public record OperatorSettings(
    String mediaServerImage,
    Set<String> watchNamespaces,
    Duration syncPeriod,
    Duration originTimeout,
    int healthPort,
    boolean leaderElection,
    String leaseName,
    Optional<String> leaseNamespace,
    boolean readNodes,
    Optional<NetworkIsolation> networkIsolation) {

  /** The media-server image the release workflow publishes, as the chart's default names it. */
  public static final String DEFAULT_IMAGE =
      "ghcr.io/streamcluster/streamcluster-media-server:0.1.0";

  public OperatorSettings {
    Objects.requireNonNull(mediaServerImage, "mediaServerImage");
    watchNamespaces = Set.copyOf(watchNamespaces);
    if (syncPeriod.isNegative() || syncPeriod.isZero()) {
      throw new IllegalArgumentException("the sync period must be positive: " + syncPeriod);
    }
  }

  /** Without NetworkPolicies. */
  public OperatorSettings(
      String mediaServerImage,
      Set<String> watchNamespaces,
      Duration syncPeriod,
      Duration originTimeout,
      int healthPort,
      boolean leaderElection,
      String leaseName,
      Optional<String> leaseNamespace,
      boolean readNodes) {
    this(
        mediaServerImage,
        watchNamespaces,
        syncPeriod,
        originTimeout,
        healthPort,
        leaderElection,
        leaseName,
        leaseNamespace,
        readNodes,
        Optional.empty());
  }

  /** Reading Nodes, as by default. */
  public OperatorSettings(
      String mediaServerImage,
      Set<String> watchNamespaces,
      Duration syncPeriod,
      Duration originTimeout,
      int healthPort,
      boolean leaderElection,
      String leaseName,
      Optional<String> leaseNamespace) {
    this(
        mediaServerImage,
        watchNamespaces,
        syncPeriod,
        originTimeout,
        healthPort,
        leaderElection,
        leaseName,
        leaseNamespace,
        true);
  }

  /** Defaults for tests and embedding: every namespace, 15 s syncs, no leader election. */
  public static OperatorSettings defaults() {
    return new OperatorSettings(
        DEFAULT_IMAGE,
        Set.of(),
        Duration.ofSeconds(15),
        Duration.ofSeconds(3),
        8080,
        false,
        "streamcluster-operator",
        Optional.empty());
  }

  public OperatorSettings withSyncPeriod(Duration period) {
    return new OperatorSettings(
        mediaServerImage,
        watchNamespaces,
        period,
        originTimeout,
        healthPort,
        leaderElection,
        leaseName,
        leaseNamespace,
        readNodes,
        networkIsolation);
  }

  public OperatorSettings withWatchNamespaces(Set<String> namespaces) {
    return new OperatorSettings(
        mediaServerImage,
        namespaces,
        syncPeriod,
        originTimeout,
        healthPort,
        leaderElection,
        leaseName,
        leaseNamespace,
        readNodes,
        networkIsolation);
  }

  public OperatorSettings withReadNodes(boolean read) {
    return new OperatorSettings(
        mediaServerImage,
        watchNamespaces,
        syncPeriod,
        originTimeout,
        healthPort,
        leaderElection,
        leaseName,
        leaseNamespace,
        read,
        networkIsolation);
  }

  public OperatorSettings withNetworkIsolation(Optional<NetworkIsolation> isolation) {
    return new OperatorSettings(
        mediaServerImage,
        watchNamespaces,
        syncPeriod,
        originTimeout,
        healthPort,
        leaderElection,
        leaseName,
        leaseNamespace,
        readNodes,
        isolation);
  }

  public OperatorSettings withHealthPort(int port) {
    return new OperatorSettings(
        mediaServerImage,
        watchNamespaces,
        syncPeriod,
        originTimeout,
        port,
        leaderElection,
        leaseName,
        leaseNamespace,
        readNodes,
        networkIsolation);
  }
}
