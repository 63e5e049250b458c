package io.streamcluster.media.origin;

import io.streamcluster.media.clusterapi.NextEdge;
import io.streamcluster.media.hls.EdgeRedirect;
import java.util.Optional;

/**
 * An origin's answer to a browser or phone asking it for a stream's HLS playlist or web player: the
 * edge the rotation of {@code /cluster} gives (stream-aware: an edge already carrying the stream
 * while it has room), on its HTTPS port for a request that came over HTTPS. With no edge to give
 * (or, over HTTPS, an edge without TLS), the origin serves the player itself.
 */
public final class FleetRedirect implements EdgeRedirect {

  private final EdgeFleet fleet;

  public FleetRedirect(EdgeFleet fleet) {
    this.fleet = fleet;
  }

  @Override
  public Optional<String> edgeFor(String stream, boolean overTls) {
    return fleet
        .next(stream, RoutingPolicy.ROUND_ROBIN, edge -> !overTls || edge.hasTls())
        .map(edge -> overTls ? NextEdge.httpsBase(edge) : NextEdge.httpBase(edge));
  }
}
