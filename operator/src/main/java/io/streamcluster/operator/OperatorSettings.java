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

  /** Defaults for tests and embedding: every namespace, 15 s syncs, no leader election. */
  public static OperatorSettings defaults() {
    return builder().build();
  }

  /** A builder holding the defaults of {@link #defaults()}. */
  public static Builder builder() {
    return new Builder();
  }

  /** Settings given one by one; what is not given keeps the default of {@link #defaults()}. */
  public static final class Builder {
    private String mediaServerImage = DEFAULT_IMAGE;
    private Set<String> watchNamespaces = Set.of();
    private Duration syncPeriod = Duration.ofSeconds(15);
    private Duration originTimeout = Duration.ofSeconds(3);
    private int healthPort = 8080;
    private boolean leaderElection;
    private String leaseName = "streamcluster-operator";
    private Optional<String> leaseNamespace = Optional.empty();
    private boolean readNodes = true;
    private Optional<NetworkIsolation> networkIsolation = Optional.empty();

    private Builder() {}

    public Builder mediaServerImage(String image) {
      this.mediaServerImage = image;
      return this;
    }

    public Builder watchNamespaces(Set<String> namespaces) {
      this.watchNamespaces = namespaces;
      return this;
    }

    public Builder syncPeriod(Duration period) {
      this.syncPeriod = period;
      return this;
    }

    public Builder originTimeout(Duration timeout) {
      this.originTimeout = timeout;
      return this;
    }

    public Builder healthPort(int port) {
      this.healthPort = port;
      return this;
    }

    public Builder leaderElection(boolean elect) {
      this.leaderElection = elect;
      return this;
    }

    /** The Lease of leader election: its name, and its namespace (empty: the operator's own). */
    public Builder lease(String name, Optional<String> namespace) {
      this.leaseName = name;
      this.leaseNamespace = namespace;
      return this;
    }

    public Builder readNodes(boolean read) {
      this.readNodes = read;
      return this;
    }

    public Builder networkIsolation(Optional<NetworkIsolation> isolation) {
      this.networkIsolation = isolation;
      return this;
    }

    public OperatorSettings build() {
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
          networkIsolation);
    }
  }
}
