package io.streamcluster.operator.scaleloop;

import io.streamcluster.media.clusterapi.EdgeState;
import io.streamcluster.media.clusterapi.EdgeView;
import java.time.Instant;
import java.util.Map;

/** Edges as an origin reports them, for unit tests. */
final class Edges {

  private Edges() {}

  static EdgeView edge(String id, EdgeState state, int subscribers) {
    return new EdgeView(
        id,
        "10.0.0." + Math.abs(id.hashCode() % 250),
        1935,
        5080,
        state,
        subscribers,
        2000,
        subscribers > 0 ? Map.of("show", subscribers) : Map.of(),
        0,
        Instant.EPOCH,
        Instant.EPOCH);
  }

  static EdgeView ready(String id, int subscribers) {
    return edge(id, EdgeState.READY, subscribers);
  }
}
