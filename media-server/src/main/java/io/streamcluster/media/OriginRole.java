package io.streamcluster.media;

import io.streamcluster.media.clusterapi.ClusterApiClient;
import io.streamcluster.media.hls.EdgeRedirect;
import io.streamcluster.media.http.HttpRoutes;
import io.streamcluster.media.origin.ClusterApiEndpoints;
import io.streamcluster.media.origin.EdgeFleet;
import io.streamcluster.media.origin.FleetMetrics;
import io.streamcluster.media.origin.FleetRedirect;
import io.streamcluster.media.origin.OriginPeers;
import io.streamcluster.media.origin.RotationMetrics;
import io.streamcluster.media.rtmp.PublishGate;
import io.streamcluster.media.rtmp.RtmpContext;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What an origin adds: it takes publishers, each name on one origin of the cluster (its peers are
 * asked first, on their internal port); the edges' check-ins fill its {@link EdgeFleet}, which
 * {@code /cluster} on its public ports hands out and the cluster API on its internal port reports;
 * and the fleet's meters.
 */
final class OriginRole implements RolePart {

  private static final Logger log = LoggerFactory.getLogger(OriginRole.class);

  /** Short: a publisher waits for the peers' answers. */
  private static final Duration PEER_TIMEOUT = Duration.ofSeconds(1);

  private final MediaServer server;
  private final OriginOptions options;
  private final EdgeFleet fleet;
  private final OriginPeers peers;
  private ClusterApiEndpoints endpoints;

  OriginRole(MediaServer server) {
    this.server = server;
    this.options = server.config().origin();
    this.fleet = new EdgeFleet(Clock.systemUTC(), options.edgeTtl());
    this.peers =
        new OriginPeers(
            options.peers(),
            new ClusterApiClient(PEER_TIMEOUT, server.config().originTls())
                .signedWith(server.config().clusterSecret()));
    new FleetMetrics(fleet).bindTo(server.metrics().registry());
  }

  @Override
  public RtmpContext.PublishPolicy publishing() {
    return RtmpContext.PublishPolicy.LOCAL;
  }

  @Override
  public PublishGate publishGate() {
    return peers::whereLive;
  }

  @Override
  public void addRoutes(HttpRoutes routes) {
    endpoints().addPublicTo(routes);
  }

  @Override
  public void addInternalRoutes(HttpRoutes routes) {
    endpoints().addInternalTo(routes);
    if (server.config().clusterSecret().isEmpty()) {
      log.warn(
          "--insecure-cluster-api: the cluster API takes check-ins and drains from anyone who"
              + " reaches the internal port");
    }
  }

  private ClusterApiEndpoints endpoints() {
    if (endpoints == null) {
      MediaServerConfig config = server.config();
      endpoints =
          new ClusterApiEndpoints(
              fleet, server.streams(), config.clusterSecret(), server.rtmpPort(), options.peers());
      new RotationMetrics(fleet, endpoints::waitingViewers).bindTo(server.metrics().registry());
    }
    return endpoints;
  }

  /** New HLS players and web-player visitors go to an edge while one has room. */
  @Override
  public EdgeRedirect edgeRedirect() {
    return new FleetRedirect(fleet);
  }

  /** The edges that check in with this origin. */
  EdgeFleet fleet() {
    return fleet;
  }
}
