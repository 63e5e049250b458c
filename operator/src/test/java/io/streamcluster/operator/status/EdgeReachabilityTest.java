package io.streamcluster.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Condition;
import io.streamcluster.api.v1alpha1.EdgeSpec.Advertise;
import io.streamcluster.api.v1alpha1.StreamClusterStatus;
import io.streamcluster.operator.model.EdgeAddress;
import io.streamcluster.operator.status.EdgeReachability.Event;
import io.streamcluster.operator.status.EdgeReachability.Observed;
import io.streamcluster.operator.status.EdgeReachability.Outcome;
import io.streamcluster.operator.status.EdgeReachability.Unschedulable;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EdgeReachabilityTest {

  static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

  static final List<Condition> COMPUTED =
      List.of(
          Conditions.next(List.of(), "OriginReady", true, "OriginsReady", "1 of 1", 1, NOW),
          Conditions.next(
              List.of(), "EdgesReady", false, "EdgesNotReady", "1 of 2 edge pods ready", 1, NOW),
          Conditions.next(
              List.of(), "Ready", false, "EdgesNotReady", "1 of 2 edge pods ready", 1, NOW));

  static EdgeAddress addressed(String pod, String address) {
    return new EdgeAddress(pod, Optional.of(address), Optional.of(address), Optional.empty());
  }

  static EdgeAddress missing(String pod) {
    return new EdgeAddress(
        pod,
        Optional.empty(),
        Optional.empty(),
        Optional.of("pod " + pod + " on node n: no ExternalIP"));
  }

  static Condition reachable(Outcome outcome) {
    return Conditions.find(outcome.conditions(), StreamClusterStatus.EDGES_REACHABLE).orElseThrow();
  }

  @Test
  void edgesWithTheirExternalAddressesAreReachable() {
    Outcome outcome =
        EdgeReachability.apply(
            COMPUTED,
            List.of(),
            new Observed(
                Advertise.NodeExternalIP,
                2,
                List.of(addressed("e1", "203.0.113.1"), addressed("e2", "203.0.113.2")),
                List.of()),
            1,
            NOW);

    Condition reachable = reachable(outcome);
    assertThat(reachable.getStatus()).isEqualTo("True");
    assertThat(reachable.getReason()).isEqualTo("ExternalAddresses");
    assertThat(reachable.getMessage())
        .isEqualTo("2 edges hand out external addresses: e1 203.0.113.1; e2 203.0.113.2");
    assertThat(outcome.events()).as("nothing went wrong, nothing changed").isEmpty();
  }

  @Test
  void anEdgeWithoutAnExternalAddressMakesTheClusterSayWhyOnceAsAWarning() {
    Observed observed =
        new Observed(
            Advertise.NodeExternalIP,
            2,
            List.of(addressed("e1", "203.0.113.1"), missing("e2")),
            List.of());

    Outcome first = EdgeReachability.apply(COMPUTED, List.of(), observed, 1, NOW);
    Outcome again = EdgeReachability.apply(COMPUTED, first.conditions(), observed, 1, NOW);

    Condition reachable = reachable(first);
    assertThat(reachable.getStatus()).isEqualTo("False");
    assertThat(reachable.getReason()).isEqualTo("NoExternalAddress");
    assertThat(reachable.getMessage())
        .isEqualTo(
            "1 of 2 edges has no external address and stay out of the rotation:"
                + " pod e2 on node n: no ExternalIP");
    assertThat(first.events())
        .containsExactly(new Event(true, "NoExternalAddress", reachable.getMessage()));
    assertThat(again.events()).as("the same problem is not reported twice").isEmpty();
  }

  @Test
  void aPendingLoadBalancerIsItsOwnReasonAndItsEndIsANormalEvent() {
    Outcome pending =
        EdgeReachability.apply(
            COMPUTED,
            List.of(),
            new Observed(Advertise.LoadBalancer, 1, List.of(missing("e1")), List.of()),
            1,
            NOW);
    Outcome assigned =
        EdgeReachability.apply(
            COMPUTED,
            pending.conditions(),
            new Observed(
                Advertise.LoadBalancer, 1, List.of(addressed("e1", "192.0.2.44")), List.of()),
            1,
            NOW.plusSeconds(30));

    assertThat(reachable(pending).getReason()).isEqualTo("LoadBalancerPending");
    assertThat(pending.events())
        .as("the cloud is making it: news, not a warning")
        .singleElement()
        .satisfies(e -> assertThat(e.warning()).isFalse());
    assertThat(assigned.events())
        .containsExactly(
            new Event(
                false, "ExternalAddresses", "1 edge hands out an external address: e1 192.0.2.44"));
    assertThat(reachable(assigned).getLastTransitionTime()).isEqualTo("2026-12-01T10:00:30Z");
  }

  @Test
  void edgesNotScheduledYetAreNoNews() {
    Outcome outcome =
        EdgeReachability.apply(
            COMPUTED,
            List.of(),
            new Observed(Advertise.LoadBalancer, 0, List.of(), List.of()),
            1,
            NOW);

    assertThat(reachable(outcome).getReason()).isEqualTo("NoEdgesScheduled");
    assertThat(outcome.events()).isEmpty();
  }

  @Test
  void podAndNodeAddressesNeedNoExternalAddress() {
    for (Advertise mode : List.of(Advertise.PodIP, Advertise.NodeIP)) {
      Outcome outcome =
          EdgeReachability.apply(
              COMPUTED, List.of(), new Observed(mode, 2, List.of(), List.of()), 1, NOW);

      assertThat(reachable(outcome).getStatus()).isEqualTo("True");
      assertThat(outcome.events()).isEmpty();
    }
  }

  @Test
  void edgesTheSchedulerCannotPlaceAreNamedOnEdgesReadyAndReadyWithTheOneNodePerEdgeRule() {
    Observed observed =
        new Observed(
            Advertise.NodeExternalIP,
            1,
            List.of(addressed("e1", "203.0.113.1")),
            List.of(
                new Unschedulable(
                    "e2",
                    "0/1 nodes are available: 1 node(s) didn't match pod anti-affinity rules.")));

    Outcome outcome = EdgeReachability.apply(COMPUTED, List.of(), observed, 1, NOW);
    Outcome again = EdgeReachability.apply(COMPUTED, outcome.conditions(), observed, 1, NOW);

    Condition edgesReady =
        Conditions.find(outcome.conditions(), StreamClusterStatus.EDGES_READY).orElseThrow();
    assertThat(edgesReady.getReason()).isEqualTo(EdgeReachability.EDGES_UNSCHEDULABLE);
    assertThat(edgesReady.getMessage())
        .startsWith("1 of 2 edge pods ready; 1 edge pod cannot be scheduled (e2: 0/1 nodes")
        .endsWith(
            "advertise: NodeExternalIP takes the edge's ports on its node, so each edge needs a"
                + " node of its own: add nodes or lower the edges");
    Condition ready =
        Conditions.find(outcome.conditions(), StreamClusterStatus.READY).orElseThrow();
    assertThat(ready.getReason()).isEqualTo("EdgesNotReady");
    assertThat(ready.getMessage()).isEqualTo(edgesReady.getMessage());
    assertThat(outcome.events())
        .singleElement()
        .satisfies(e -> assertThat(e.reason()).isEqualTo(EdgeReachability.EDGES_UNSCHEDULABLE));
    assertThat(again.events()).isEmpty();
    assertThat(reachable(outcome).getStatus()).as("the placed edge is reachable").isEqualTo("True");
  }
}
