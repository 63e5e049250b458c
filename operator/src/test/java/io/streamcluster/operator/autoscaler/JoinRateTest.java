package io.streamcluster.operator.autoscaler;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class JoinRateTest {

  final Instant start = Instant.parse("2026-12-24T19:00:00Z");
  final JoinRate rate = new JoinRate();

  void at(int second, long demand) {
    rate.observe(start.plusSeconds(second), demand);
  }

  @Test
  void isTheGrowthPerSecondOfTheLastPeriodWhenASurgeStarts() {
    at(0, 1_000);
    at(15, 1_000);
    at(30, 1_000);
    at(45, 4_000);

    assertThat(rate.perSecond()).isEqualTo(200);
  }

  @Test
  void aShortLullWithinASurgeDoesNotHideIt() {
    at(0, 1_000);
    at(15, 4_000);
    at(30, 7_000);
    at(45, 7_000);

    assertThat(rate.perSecond()).isEqualTo(6_000 / 45.0);
  }

  @Test
  void aShrinkingAudienceJoinsAtNoRate() {
    at(0, 9_000);
    at(15, 6_000);

    assertThat(rate.perSecond()).isZero();
  }

  @Test
  void needsTwoReadings() {
    at(0, 5_000);

    assertThat(rate.perSecond()).isZero();
  }

  @Test
  void looksBackAFewPeriodsOnly() {
    at(0, 0);
    at(15, 9_000);
    at(30, 9_000);
    at(45, 9_000);
    at(60, 9_000);

    assertThat(rate.perSecond()).isZero();
  }
}
