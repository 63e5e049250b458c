package io.streamcluster.operator.scaleloop;

import io.streamcluster.media.clusterapi.EdgeState;
import io.streamcluster.media.clusterapi.EdgeView;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * Which edges go when the edges scale in: the ready edges of this cluster with the fewest players,
 * so the fewest viewers have to move. Draining or gone edges are on their way out already and are
 * not counted; ties go to the edge with the fewest streams, then by id, so the choice is stable.
 */
public final class ScaleInVictims {

  private static final Comparator<EdgeView> LEAST_LOADED =
      Comparator.comparingInt(EdgeView::subscribers)
          .thenComparingInt(e -> e.streams() == null ? 0 : e.streams().size())
          .thenComparing(EdgeView::id);

  private ScaleInVictims() {}

  /**
   * @param edges the edges as an origin reports them
   * @param pods the names of the edge pods that exist (edge ids are pod names); edges of other
   *     pods, or of pods already gone, are not chosen
   * @param count how many edges the scale-in removes
   */
  public static List<EdgeView> choose(List<EdgeView> edges, Set<String> pods, int count) {
    if (count <= 0) {
      return List.of();
    }
    return edges.stream()
        .filter(e -> e.state() == EdgeState.READY)
        .filter(e -> pods.contains(e.id()))
        .sorted(LEAST_LOADED)
        .limit(count)
        .toList();
  }
}
