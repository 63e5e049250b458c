package io.streamcluster.media.edge;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BackoffTest {

  private static final Duration INITIAL = Duration.ofMillis(100);
  private static final Duration MAX = Duration.ofSeconds(5);

  @Test
  void withoutJitterTheWaitDoublesFromTheInitialUpToTheMaximum() {
    Backoff backoff = new Backoff(INITIAL, MAX, 0.2, () -> 0.5);

    assertThat(millis(backoff, 9))
        .containsExactly(100L, 200L, 400L, 800L, 1600L, 3200L, 5000L, 5000L, 5000L);
  }

  @Test
  void jitterMovesEachWaitByAtMostTwentyPercentAndNeverPastTheMaximum() {
    Random random = new Random(7);
    Backoff backoff = new Backoff(INITIAL, MAX, 0.2, random::nextDouble);

    List<Long> waits = millis(backoff, 200);

    long base = 100;
    for (int i = 0; i < waits.size(); i++) {
      long expected = Math.min(base << Math.min(i, 20), 5000);
      assertThat(waits.get(i))
          .as("wait %d", i)
          .isBetween((long) (expected * 0.8), Math.min(5000, (long) Math.ceil(expected * 1.2)));
    }
    assertThat(new HashSet<>(waits.subList(10, 200)))
        .as("jitter spreads the waits")
        .hasSizeGreaterThan(50);
  }

  @Test
  void theExtremesOfTheJitterAreEightyAndAHundredAndTwentyPercent() {
    assertThat(new Backoff(INITIAL, MAX, 0.2, () -> 0.0).next()).isEqualTo(Duration.ofMillis(80));
    assertThat(new Backoff(INITIAL, MAX, 0.2, () -> 0.999_999_999).next())
        .isBetween(Duration.ofMillis(119), Duration.ofMillis(120));
  }

  @Test
  void aResetStartsOverFromTheInitialWait() {
    Backoff backoff = new Backoff(INITIAL, MAX, 0.2, () -> 0.5);
    millis(backoff, 5);

    backoff.reset();

    assertThat(backoff.next()).isEqualTo(INITIAL);
    assertThat(backoff.attempts()).isEqualTo(1);
  }

  @Test
  void manyAttemptsDoNotOverflow() {
    Backoff backoff = new Backoff(Duration.ofNanos(1), Duration.ofDays(1), 0, () -> 0.5);

    List<Long> waits = millis(backoff, 100);

    assertThat(waits).allSatisfy(w -> assertThat(w).isBetween(0L, Duration.ofDays(1).toMillis()));
    assertThat(waits.get(99)).isEqualTo(Duration.ofDays(1).toMillis());
  }

  private static List<Long> millis(Backoff backoff, int count) {
    List<Long> waits = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      waits.add(backoff.next().toMillis());
    }
    return waits;
  }
}
