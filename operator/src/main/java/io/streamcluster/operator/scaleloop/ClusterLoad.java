package io.streamcluster.operator.scaleloop;

import io.streamcluster.media.clusterapi.EdgeState;
import io.streamcluster.media.clusterapi.EdgeView;
import java.util.List;

/**
 * What the origins report of the edges: each edge's state and load, and the subscribers over the
 * edges that are not gone; and of their rotations: the viewers they turned away (since they
 * started) and the viewers they hold now, summed over the origins.
 */
public record ClusterLoad(
    List<EdgeView> edges, long subscribers, long refusals, long waitingViewers) {

  public ClusterLoad {
    edges = List.copyOf(edges);
  }

  /** Edges and subscribers only: no rotation figures. */
  public ClusterLoad(List<EdgeView> edges, long subscribers) {
    this(edges, subscribers, 0, 0);
  }

  public long readyEdges() {
    return edges.stream().filter(e -> e.state() == EdgeState.READY).count();
  }
}
