package io.streamcluster.media.origin;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamcluster.media.clusterapi.CheckIn;
import io.streamcluster.media.clusterapi.EdgeState;
import io.streamcluster.media.clusterapi.EdgeView;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EdgeFleetTest {

  private Instant now = Instant.parse("2026-01-01T00:00:00Z");
  private final Clock clock =
      new Clock() {
        @Override
        public ZoneOffset getZone() {
          return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
          return this;
        }

        @Override
        public Instant instant() {
          return now;
        }
      };
  private final EdgeFleet fleet = new EdgeFleet(clock, Duration.ofSeconds(6));

  @Test
  void clusterHandsOutReadyEdgesRoundRobin() {
    fleet.checkIn(edge("a", 0, 100));
    fleet.checkIn(edge("b", 0, 100));

    assertThat(nextThree()).containsExactly("a:1935", "b:1935", "a:1935");
  }

  @Test
  void anEdgeThatMissesItsCheckInsForTheTtlLeavesTheRotationAndIsReportedGone() {
    fleet.checkIn(edge("a", 0, 100));
    now = now.plusSeconds(5);
    fleet.checkIn(edge("b", 0, 100));
    now = now.plusSeconds(2);

    assertThat(nextThree()).containsExactly("b:1935", "b:1935", "b:1935");
    assertThat(fleet.edges())
        .extracting(EdgeView::state)
        .containsExactly(EdgeState.GONE, EdgeState.READY);
  }

  @Test
  void aFullEdgeLeavesTheRotationUntilItHasRoom() {
    fleet.checkIn(edge("a", 100, 100));
    fleet.checkIn(edge("b", 10, 100));
    assertThat(nextThree()).containsOnly("b:1935");

    fleet.checkIn(edge("a", 99, 100));
    assertThat(nextThree()).contains("a:1935");
  }

  @Test
  void playersHandedOutBetweenCheckInsCountTowardsCapacity() {
    fleet.checkIn(edge("a", 8, 10));

    assertThat(fleet.next()).isPresent();
    assertThat(fleet.next()).isPresent();
    assertThat(fleet.next()).isEmpty();
  }

  @Test
  void aDrainedEdgeStaysListedAsDrainingButIsNotHandedOutAndIsToldSo() {
    fleet.checkIn(edge("a", 0, 100));
    fleet.checkIn(edge("b", 0, 100));

    assertThat(fleet.drain("a")).isTrue();
    assertThat(fleet.drain("nobody")).isFalse();
    assertThat(nextThree()).containsOnly("b:1935");
    assertThat(fleet.checkIn(edge("a", 0, 100)).drain()).isTrue();
    assertThat(fleet.edges())
        .extracting(EdgeView::state)
        .containsExactly(EdgeState.DRAINING, EdgeState.READY);
  }

  @Test
  void anEdgeThatAlreadyCarriesTheStreamIsPreferredWhileItHasRoom() {
    fleet.checkIn(edge("a", 10, 100));
    fleet.checkIn(
        new CheckIn("b", "b", 1935, 5080, EdgeState.READY, 10, 100, Map.of("cam", 10), 0));

    assertThat(fleet.next("cam", RoutingPolicy.ROUND_ROBIN).map(EdgeView::id)).contains("b");
    assertThat(fleet.next("cam", RoutingPolicy.ROUND_ROBIN).map(EdgeView::id)).contains("b");
    assertThat(fleet.next("other", RoutingPolicy.LEAST_LOADED)).isPresent();
  }

  @Test
  void leastLoadedPicksTheEdgeWithTheLowestShareOfItsCapacity() {
    fleet.checkIn(edge("a", 50, 100));
    fleet.checkIn(edge("b", 30, 40));
    fleet.checkIn(edge("c", 10, 100));

    Optional<EdgeView> chosen = fleet.next(null, RoutingPolicy.LEAST_LOADED);
    assertThat(chosen.map(EdgeView::id)).contains("c");
  }

  @Test
  void subscribersAreSummedOverEdgesThatAreNotGone() {
    fleet.checkIn(edge("a", 7, 100));
    now = now.plusSeconds(7);
    fleet.checkIn(edge("b", 5, 100));

    assertThat(fleet.subscribers()).isEqualTo(5);
  }

  private java.util.List<String> nextThree() {
    return java.util.stream.Stream.generate(
            () -> fleet.next().map(EdgeView::rtmpAddress).orElse("none"))
        .limit(3)
        .toList();
  }

  private static CheckIn edge(String id, int subscribers, int capacity) {
    return new CheckIn(id, id, 1935, 5080, EdgeState.READY, subscribers, capacity, Map.of(), 0);
  }
}
