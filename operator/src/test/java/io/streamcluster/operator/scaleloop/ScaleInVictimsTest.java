package io.streamcluster.operator.scaleloop;

import static io.streamcluster.operator.scaleloop.Edges.edge;
import static io.streamcluster.operator.scaleloop.Edges.ready;
import static org.assertj.core.api.Assertions.assertThat;

import io.streamcluster.media.clusterapi.EdgeState;
import io.streamcluster.media.clusterapi.EdgeView;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ScaleInVictimsTest {

  static final Set<String> PODS = Set.of("e-a", "e-b", "e-c", "e-d", "e-e");

  @Test
  void theLeastLoadedEdgesGoFirst() {
    List<EdgeView> edges =
        List.of(ready("e-a", 900), ready("e-b", 120), ready("e-c", 1500), ready("e-d", 40));

    assertThat(ScaleInVictims.choose(edges, PODS, 2))
        .extracting(EdgeView::id)
        .containsExactly("e-d", "e-b");
  }

  @Test
  void edgesOnTheirWayOutAreNotChosenAgain() {
    List<EdgeView> edges =
        List.of(
            edge("e-a", EdgeState.DRAINING, 0),
            edge("e-b", EdgeState.GONE, 0),
            ready("e-c", 300),
            ready("e-d", 200));

    assertThat(ScaleInVictims.choose(edges, PODS, 1))
        .extracting(EdgeView::id)
        .containsExactly("e-d");
  }

  @Test
  void onlyEdgesWhosePodsExistAreChosen() {
    List<EdgeView> edges = List.of(ready("old-pod", 0), ready("e-a", 50), ready("e-b", 60));

    assertThat(ScaleInVictims.choose(edges, PODS, 1))
        .extracting(EdgeView::id)
        .containsExactly("e-a");
  }

  @Test
  void tiesAreBrokenStably() {
    List<EdgeView> edges = List.of(ready("e-c", 0), ready("e-a", 0), ready("e-b", 0));

    assertThat(ScaleInVictims.choose(edges, PODS, 2))
        .extracting(EdgeView::id)
        .containsExactly("e-a", "e-b");
  }

  @Test
  void neverMoreThanAskedNorMoreThanThereAre() {
    List<EdgeView> edges = List.of(ready("e-a", 10));

    assertThat(ScaleInVictims.choose(edges, PODS, 3)).hasSize(1);
    assertThat(ScaleInVictims.choose(edges, PODS, 0)).isEmpty();
  }
}
