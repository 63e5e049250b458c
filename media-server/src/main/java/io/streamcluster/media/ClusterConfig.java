package io.streamcluster.media;

import io.streamcluster.media.clusterapi.ClusterSecret;
import java.time.Duration;
import java.util.Optional;

/**
 * How a server takes part in the cluster.
 *
 * @param edgeId the edge's id in check-ins (its pod name in Kubernetes)
 * @param secret authenticates check-ins, drain calls and the cluster view; absent, the cluster API
 *     is open (local use only)
 * @param checkInInterval how often an edge checks in
 * @param edgeTtl how long an origin keeps an edge in rotation without a check-in
 * @param drainTimeout how long a draining edge waits for its players to leave before it exits
 * @param upstreamGrace how long an edge keeps an upstream after its last player left
 */
public record ClusterConfig(
    String edgeId,
    Optional<ClusterSecret> secret,
    Duration checkInInterval,
    Duration edgeTtl,
    Duration drainTimeout,
    Duration upstreamGrace) {

  public static ClusterConfig defaults(String edgeId) {
    return new ClusterConfig(
        edgeId,
        Optional.empty(),
        Duration.ofMillis(ClusterDefaults.CHECK_IN_INTERVAL_MILLIS),
        Duration.ofSeconds(ClusterDefaults.EDGE_TTL_SECONDS),
        Duration.ofSeconds(ClusterDefaults.DRAIN_TIMEOUT_SECONDS),
        Duration.ofSeconds(ClusterDefaults.UPSTREAM_GRACE_SECONDS));
  }
}
