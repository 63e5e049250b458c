package io.streamcluster.operator.scaleloop;

import io.streamcluster.media.clusterapi.EdgeState;
import io.streamcluster.media.clusterapi.EdgeView;
import java.util.List;

/**
 * What an origin reports of its edges: each edge's state and load, and the subscribers over the
 * edges that are not gone.
 */
public record ClusterLoad(List<EdgeView> edges, long subscribers) {

  public ClusterLoad {
    edges = List.copyOf(edges);
  }

  public long readyEdges() {
    return edges.stream().filter(e -> e.state() == EdgeState.READY).count();
  }
}
