package io.streamcluster.operator.autoscaler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamcluster.operator.autoscaler.ScalingDecision.Reason;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Capacity held for known events: their times in a zone, clock changes, and the autoscaler. */
class CapacityScheduleTest {

  static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
  static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
  static final Duration TEN_MINUTES = Duration.ofMinutes(10);

  static CapacitySchedule berlin(String start, String end) {
    return CapacitySchedule.inZone("final", start, end, BERLIN, TEN_MINUTES, 14, 0);
  }

  @Nested
  class Times {

    @Test
    void aLocalTimeIsReadInTheScheduleZone() {
      CapacitySchedule winter = berlin("2026-12-24T20:00", "2026-12-24T22:30");
      CapacitySchedule summer = berlin("2026-07-01T20:00", "2026-07-01T22:30");

      assertThat(winter.start()).isEqualTo(Instant.parse("2026-12-24T19:00:00Z"));
      assertThat(winter.holdFrom()).isEqualTo(Instant.parse("2026-12-24T18:50:00Z"));
      assertThat(winter.holdUntil()).isEqualTo(Instant.parse("2026-12-24T21:30:00Z"));
      assertThat(summer.start()).isEqualTo(Instant.parse("2026-07-01T18:00:00Z"));
    }

    @Test
    void anOffsetOrZWinsOverTheZone() {
      CapacitySchedule schedule =
          CapacitySchedule.inZone(
              "final",
              "2026-12-24T20:00:00-05:00",
              "2026-12-25T03:00Z",
              BERLIN,
              Duration.ZERO,
              0,
              20_000);

      assertThat(schedule.start()).isEqualTo(Instant.parse("2026-12-25T01:00:00Z"));
      assertThat(schedule.holdUntil()).isEqualTo(Instant.parse("2026-12-25T03:00:00Z"));
    }

    @Test
    void aStartInTheHourTheClocksSkipIsMovedForwardByTheGap() {
      // 2026-03-29 in Berlin: 02:00 CET becomes 03:00 CEST; 02:30 does not happen
      CapacitySchedule schedule = berlin("2026-03-29T02:30", "2026-03-29T05:00");

      assertThat(schedule.start()).isEqualTo(Instant.parse("2026-03-29T01:30:00Z"));
    }

    @Test
    void anHourThatHappensTwiceHoldsFromItsFirstToItsSecondTime() {
      // 2026-10-25 in Berlin: 03:00 CEST becomes 02:00 CET; 02:00-03:00 happens twice
      CapacitySchedule schedule = berlin("2026-10-25T02:15", "2026-10-25T02:45");

      assertThat(schedule.start()).isEqualTo(Instant.parse("2026-10-25T00:15:00Z"));
      assertThat(schedule.holdUntil()).isEqualTo(Instant.parse("2026-10-25T01:45:00Z"));
      assertThat(Duration.between(schedule.start(), schedule.holdUntil()))
          .isEqualTo(Duration.ofMinutes(90));
    }

    @Test
    void anEventAcrossTheChangeIsAsLongAsTheClocksSay() {
      // 20:00 EDT to 06:00 EST across the night the US clocks go back: 11 hours
      CapacitySchedule schedule =
          CapacitySchedule.inZone(
              "night", "2026-10-31T20:00", "2026-11-01T06:00", NEW_YORK, Duration.ZERO, 3, 0);

      assertThat(Duration.between(schedule.start(), schedule.holdUntil()))
          .isEqualTo(Duration.ofHours(11));
    }

    @Test
    void anEndBeforeTheStartOrAnUnreadableTimeIsRefusedWithItsName() {
      assertThatThrownBy(() -> berlin("2026-12-24T20:00", "2026-12-24T19:00"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("schedule final: the end");
      assertThatThrownBy(() -> berlin("Christmas Eve", "2026-12-24T22:00"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("schedule final: start 'Christmas Eve'");
      assertThatThrownBy(
              () ->
                  CapacitySchedule.inZone(
                      "x", "2026-12-24T20:00", "2026-12-24T22:00", BERLIN, TEN_MINUTES, 3, 100))
          .hasMessageContaining("either minEdges or viewers");
    }
  }

  @Nested
  class Evaluation {

    final CapacitySchedule semi = berlin("2026-12-20T20:00", "2026-12-20T22:30");
    final CapacitySchedule last = berlin("2026-12-24T20:00", "2026-12-24T22:30");

    @Test
    void isActiveFromTheLeadUntilTheEnd() {
      assertThat(last.activeAt(Instant.parse("2026-12-24T18:49:59Z"))).isFalse();
      assertThat(last.activeAt(Instant.parse("2026-12-24T18:50:00Z"))).isTrue();
      assertThat(last.activeAt(Instant.parse("2026-12-24T21:29:59Z"))).isTrue();
      assertThat(last.activeAt(Instant.parse("2026-12-24T21:30:00Z"))).isFalse();
    }

    @Test
    void theNextIsTheOneWhoseHoldBeginsFirst() {
      Instant between = Instant.parse("2026-12-21T12:00:00Z");

      assertThat(CapacitySchedule.nextAfter(List.of(last, semi), between)).contains(last);
      assertThat(CapacitySchedule.strongestAt(List.of(last, semi), between, 1_500)).isEmpty();
      assertThat(
              CapacitySchedule.nextAfter(
                  List.of(last, semi), Instant.parse("2026-12-01T00:00:00Z")))
          .contains(semi);
    }

    @Test
    void viewersAreEdgesAtTheTarget() {
      CapacitySchedule viewers =
          CapacitySchedule.inZone(
              "final", "2026-12-24T20:00", "2026-12-24T22:30", BERLIN, TEN_MINUTES, 0, 20_000);

      assertThat(viewers.edges(1_500)).isEqualTo(14);
      assertThat(viewers.holds()).isEqualTo("room for 20000 viewers");
    }
  }

  @Nested
  class Autoscaling {

    final ManualClock clock = new ManualClock(Instant.parse("2026-12-24T18:45:00Z"));
    final CapacitySchedule last = berlin("2026-12-24T20:00", "2026-12-24T22:30");
    final Autoscaler autoscaler =
        new Autoscaler(AutoscalerConfig.of(2, 10, 1_500).withSchedules(List.of(last)), clock);

    @Test
    void raisesTheEdgesWhenTheHoldBeginsAndKeepsThemWithoutViewers() {
      assertThat(autoscaler.decide(2, 100).desiredEdges()).isEqualTo(2);

      clock.advanceSeconds(300);
      ScalingDecision raised = autoscaler.decide(2, 100);
      autoscaler.recordScale(raised);

      assertThat(raised.desiredEdges()).isEqualTo(10);
      assertThat(raised.reason()).isEqualTo(Reason.LimitedBySchedule);
      assertThat(raised.message())
          .contains("schedule final holds 10 edges (maxEdges; it asks for 14 edges)")
          .contains("scaling 2 -> 10 edges");
      assertThat(raised.signals().schedule()).contains("final");
      assertThat(raised.signals().scheduledEdges()).isEqualTo(10);
      assertThat(raised.limited()).isTrue();

      clock.advanceSeconds(3_600);
      ScalingDecision held = autoscaler.decide(10, 100);
      assertThat(held.desiredEdges()).isEqualTo(10);
      assertThat(held.reason()).isEqualTo(Reason.LimitedBySchedule);
    }

    @Test
    void afterTheHoldTheUsualScaleInFollows() {
      clock.advanceSeconds(300);
      autoscaler.recordScale(autoscaler.decide(2, 100));
      clock.advance(Duration.between(clock.instant(), last.holdUntil()).minusSeconds(15));
      assertThat(autoscaler.decide(10, 100).reason()).isEqualTo(Reason.LimitedBySchedule);
      clock.advanceSeconds(15);

      ScalingDecision justAfter = autoscaler.decide(10, 100);
      assertThat(justAfter.desiredEdges()).as("the scale-down window").isEqualTo(10);

      clock.advanceSeconds(300);
      assertThat(autoscaler.decide(10, 100).desiredEdges()).isEqualTo(2);
    }

    @Test
    void evenWithoutALoadReadingTheHoldRaisesTheEdges() {
      clock.advanceSeconds(300);

      ScalingDecision decision = autoscaler.holdWithoutLoad(2, "origin unreachable");

      assertThat(decision.desiredEdges()).isEqualTo(10);
      assertThat(decision.reason()).isEqualTo(Reason.LimitedBySchedule);
    }

    @Test
    void aLookAheadWaitsUntilTheDemandOutgrowsTheSchedule() {
      Autoscaler both =
          new Autoscaler(
              AutoscalerConfig.of(2, 50, 1_500)
                  .withBehavior(
                      ScalingBehavior.HPA_DEFAULT.withPredictive(
                          new PredictiveScaleUp(Duration.ofSeconds(120))))
                  .withSchedules(List.of(last)),
              clock);
      clock.advanceSeconds(300);
      both.recordScale(both.decide(2, 1_000));

      clock.advanceSeconds(15);
      ScalingDecision rush = both.decide(14, 13_000);
      assertThat(rush.signals().predictedEdges()).isZero();
      assertThat(rush.desiredEdges()).isEqualTo(14);

      clock.advanceSeconds(15);
      ScalingDecision beyond = both.decide(14, 22_000);
      assertThat(beyond.signals().predictedEdges()).isGreaterThan(14);
      assertThat(beyond.desiredEdges()).isGreaterThan(15);
    }
  }
}
