package io.streamcluster.media;

import io.streamcluster.media.http.HttpRoutes;
import io.streamcluster.media.origin.ClusterApiEndpoints;
import io.streamcluster.media.origin.EdgeFleet;
import io.streamcluster.media.origin.FleetMetrics;
import io.streamcluster.media.origin.OriginPeers;
import io.streamcluster.media.origin.RotationMetrics;
import io.streamcluster.media.rtmp.PublishGate;
import io.streamcluster.media.rtmp.RtmpContext;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What an origin adds: it takes publishers, each name on one origin of the cluster (its peers are
 * asked first); the edges' check-ins fill its {@link EdgeFleet}, which the cluster API on its HTTP
 * port hands out and reports; and the fleet's meters.
 */
final class OriginRole implements RolePart {

  private static final Logger log = LoggerFactory.getLogger(OriginRole.class);

  private final MediaServer server;
  private final OriginOptions options;
  private final EdgeFleet fleet;
  private final OriginPeers peers;

  OriginRole(MediaServer server) {
    this.server = server;
    this.options = server.config().origin();
    this.fleet = new EdgeFleet(Clock.systemUTC(), options.edgeTtl());
    this.peers = new OriginPeers(options.peers());
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
    MediaServerConfig config = server.config();
    ClusterApiEndpoints endpoints =
        new ClusterApiEndpoints(
            fleet, server.streams(), config.clusterSecret(), server.rtmpPort(), options.peers());
    endpoints.addTo(routes);
    new RotationMetrics(fleet, endpoints::waitingViewers).bindTo(server.metrics().registry());
    if (config.clusterSecret().isEmpty()) {
      log.warn("No --cluster-secret-file: the cluster API takes check-ins and drains from anyone");
    }
  }

  /** The edges that check in with this origin. */
  EdgeFleet fleet() {
    return fleet;
  }
}
