package io.streamcluster.media.origin;

import io.streamcluster.media.clusterapi.NextEdge;
import io.streamcluster.media.hls.EdgeRedirect;
import java.util.Optional;

/**
 * An origin's answer to a browser or phone asking it for a stream's HLS playlist or web player: the
 * edge the rotation of {@code /cluster} gives (stream-aware: an edge already carrying the stream
 * while it has room). With no edge to give, the origin serves the player itself.
 */
public final class FleetRedirect implements EdgeRedirect {

  private final EdgeFleet fleet;

  public FleetRedirect(EdgeFleet fleet) {
    this.fleet = fleet;
  }

  @Override
  public Optional<String> edgeFor(String stream) {
    return fleet.next(stream, RoutingPolicy.ROUND_ROBIN).map(NextEdge::httpBase);
  }
}
