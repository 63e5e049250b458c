package io.streamcluster.media.origin;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamcluster.media.clusterapi.CheckIn;
import io.streamcluster.media.clusterapi.EdgeState;
import io.streamcluster.media.clusterapi.EdgeView;
import io.streamcluster.media.clusterapi.RotationAdvice;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Nested;
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
  void viewersHandedOutStayCountedUntilTheEdgeReportsThemEvenAcrossACheckIn() {
    fleet.checkIn(edge("a", 0, 10));
    for (int i = 0; i < 10; i++) {
      assertThat(fleet.next()).isPresent();
    }
    assertThat(fleet.next()).as("ten on their way").isEmpty();

    now = now.plusSeconds(2);
    fleet.checkIn(edge("a", 0, 10));
    assertThat(fleet.next()).as("a check-in before they connected does not empty it").isEmpty();

    now = now.plusSeconds(2);
    fleet.checkIn(edge("a", 4, 10));
    assertThat(fleet.edges().get(0).subscribers()).isEqualTo(4);
    assertThat(fleet.next()).as("four arrived: six on their way, room for none").isEmpty();

    now = now.plusSeconds(7);
    fleet.checkIn(edge("a", 4, 10));
    assertThat(fleet.next())
        .as("those not seen within the TTL after the last hand-out went elsewhere")
        .isPresent();
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

  @Test
  void anEdgeKeepsTheTimeItFirstCheckedIn() {
    Instant first = now;
    fleet.checkIn(edge("a", 0, 100));
    now = now.plusSeconds(2);
    fleet.checkIn(edge("a", 3, 100));

    assertThat(fleet.edges())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.firstCheckIn()).isEqualTo(first);
              assertThat(e.lastCheckIn()).isEqualTo(now);
            });
  }

  @Test
  void everyCheckInIsAnnounced() {
    AtomicInteger heard = new AtomicInteger();
    fleet.onCheckIn(heard::incrementAndGet);

    fleet.checkIn(edge("a", 0, 100));
    fleet.checkIn(edge("a", 0, 100));

    assertThat(heard).hasValue(2);
  }

  /** What the scaling loop's advice changes: the target first, the overflow, hold and wait. */
  @Nested
  class Advised {

    @Test
    void edgesBelowTheTargetAreHandedOutFirst() {
      fleet.advise(new RotationAdvice(60, true, 8, 0, null, 0));
      fleet.checkIn(edge("a", 60, 120));
      fleet.checkIn(edge("b", 59, 120));

      assertThat(fleet.next().map(EdgeView::id)).contains("b");
      assertThat(nextThree()).as("both carry the target now").contains("a:1935", "b:1935");
    }

    @Test
    void onceEveryEdgeCarriesTheTargetTheHeadroomUpToTheCapacityIsUsed() {
      fleet.advise(new RotationAdvice(60, true, 8, 0, null, 0));
      fleet.checkIn(edge("a", 60, 120));
      fleet.checkIn(edge("b", 119, 120));

      assertThat(nextThree()).containsExactly("a:1935", "b:1935", "a:1935");
      assertThat(fleet.next().map(EdgeView::id)).as("b is full now").contains("a");
    }

    @Test
    void withoutOverflowTheTargetIsTheLimit() {
      fleet.advise(new RotationAdvice(60, false, 8, 0, null, 0));
      fleet.checkIn(edge("a", 60, 120));

      assertThat(fleet.next()).isEmpty();
      assertThat(fleet.summary()).isEqualTo("1 ready (1 full), 0 draining, 0 gone");
    }

    @Test
    void withoutAdviceAnEdgeFillsToItsCapacityAndNoViewerIsHeld() {
      fleet.checkIn(edge("a", 10, 10));

      assertThat(fleet.next()).isEmpty();
      assertThat(fleet.holdUntil(now)).isEmpty();
      assertThat(fleet.refuse()).isEqualTo(EdgeFleet.DEFAULT_RETRY_AFTER);
      assertThat(fleet.refusals()).isEqualTo(1);
    }

    @Test
    void whileEdgesAreOnTheirWayAViewerIsHeldAndOtherwiseToldWhenTheFirstIsDue() {
      fleet.checkIn(edge("a", 10, 10));
      fleet.advise(new RotationAdvice(5, true, 8, 2, now.plusSeconds(20), 0));

      assertThat(fleet.holdUntil(now))
          .as("until the first edge is due, and the hold after it")
          .contains(now.plusSeconds(28));
      assertThat(fleet.refuse()).isEqualTo(Duration.ofSeconds(21));

      Instant heldSince = now;
      now = now.plusSeconds(30);
      assertThat(fleet.refuse())
          .as("late edges: the default")
          .isEqualTo(EdgeFleet.DEFAULT_RETRY_AFTER);
      assertThat(fleet.holdUntil(now)).as("still on their way").contains(now.plusSeconds(8));
      assertThat(fleet.holdUntil(heldSince)).as("held since before: its hold is over").isEmpty();

      now = now.plusSeconds(60);
      assertThat(fleet.holdUntil(now)).as("overdue: the advice is stale").isEmpty();
      assertThat(fleet.refusals()).isEqualTo(2);
    }

    @Test
    void whileTheLoopMayStillAddEdgesAViewerIsHeldBeforeAnyWasAskedFor() {
      fleet.checkIn(edge("a", 10, 10));
      fleet.advise(new RotationAdvice(5, true, 8, 0, null, 3));

      Instant heldSince = now;
      assertThat(fleet.holdUntil(heldSince)).contains(heldSince.plusSeconds(8));

      now = now.plusSeconds(5);
      fleet.advise(new RotationAdvice(5, true, 8, 2, now.plusSeconds(10), 1));
      assertThat(fleet.holdUntil(heldSince))
          .as("the next sync asked for edges: held on until the first is due, and the hold")
          .contains(now.plusSeconds(18));
    }

    @Test
    void atTheMaximumWithNoEdgeOnItsWayAViewerIsRefusedAtOnce() {
      fleet.checkIn(edge("a", 10, 10));
      fleet.advise(new RotationAdvice(5, true, 8, 0, null, 0));

      assertThat(fleet.holdUntil(now)).isEmpty();
    }

    @Test
    void noViewerIsHeldLongerThanTheMaximumHoweverLateTheEdges() {
      fleet.checkIn(edge("a", 10, 10));
      fleet.advise(new RotationAdvice(5, true, 30, 1, now.plusSeconds(50), 0));

      assertThat(fleet.holdUntil(now)).contains(now.plus(EdgeFleet.MAX_HOLD));
      Instant heldSince = now;
      now = now.plus(EdgeFleet.MAX_HOLD);
      assertThat(fleet.holdUntil(heldSince)).isEmpty();
    }

    @Test
    void aRetryAfterIsNeverLongerThanTwoMinutes() {
      fleet.advise(new RotationAdvice(5, true, 0, 1, now.plusSeconds(900), 4));

      assertThat(fleet.refuse()).isEqualTo(EdgeFleet.MAX_RETRY_AFTER);
      assertThat(fleet.holdUntil(now)).as("holding is off").isEmpty();
    }
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
