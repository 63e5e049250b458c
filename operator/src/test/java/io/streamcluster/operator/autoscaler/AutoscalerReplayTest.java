package io.streamcluster.operator.autoscaler;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Replays the shape of a live event through the autoscaler with HPA's default behavior: 1,000
 * subscribers idle along, a surge to 20,000 within three minutes as the event starts, half an hour
 * at the peak, a slow decline back to 1,000; every count with a few percent of noise, one decision
 * per 15 s sync period, target 1,500 per edge, 2 to 50 edges.
 *
 * <p>The decisions are written to {@code target/autoscaler-replay.csv} (time, subscribers, edges
 * before, recommendation, decision, reason) for the plot in the docs.
 */
class AutoscalerReplayTest {

  static final Duration SYNC = Duration.ofSeconds(15);
  static final long TARGET = 1500;
  static final int MIN_EDGES = 2;
  static final int MAX_EDGES = 50;
  static final double TOLERANCE = AutoscalerConfig.DEFAULT_TOLERANCE;
  static final Duration SCALE_DOWN_WINDOW = Duration.ofSeconds(300);
  static final Path CSV = Path.of("target", "autoscaler-replay.csv");

  static final int SURGE_START = 600;
  static final int PEAK_START = 780;
  static final int DECLINE_START = 2580;
  static final int DECLINE_END = 3780;
  static final int END = 5400;

  record Tick(int second, long subscribers, ScalingDecision decision) {}

  static List<Tick> ticks;

  @BeforeAll
  static void replay() throws IOException {
    ManualClock clock = new ManualClock(Instant.parse("2026-01-01T20:00:00Z"));
    Autoscaler autoscaler =
        new Autoscaler(AutoscalerConfig.of(MIN_EDGES, MAX_EDGES, TARGET), clock);
    Random noise = new Random(20_000);
    ticks = new ArrayList<>();
    int edges = MIN_EDGES;
    for (int second = 0; second <= END; second += (int) SYNC.toSeconds()) {
      double jitter = Math.max(-0.06, Math.min(0.06, noise.nextGaussian() * 0.03));
      long subscribers = Math.round(audience(second) * (1 + jitter));
      ScalingDecision decision = autoscaler.decide(edges, subscribers);
      autoscaler.recordScale(decision);
      ticks.add(new Tick(second, subscribers, decision));
      edges = decision.desiredEdges();
      clock.advance(SYNC);
    }
    writeCsv();
  }

  /** The audience without noise: idle, surge, peak, decline, idle. */
  static double audience(int second) {
    double idle = 1_000;
    double peak = 20_000;
    if (second < SURGE_START) {
      return idle;
    }
    if (second < PEAK_START) {
      return idle
          + (peak - idle)
              * smoothstep((second - SURGE_START) / (double) (PEAK_START - SURGE_START));
    }
    if (second < DECLINE_START) {
      return peak;
    }
    if (second < DECLINE_END) {
      return peak
          - (peak - idle)
              * smoothstep((second - DECLINE_START) / (double) (DECLINE_END - DECLINE_START));
    }
    return idle;
  }

  static double smoothstep(double x) {
    return x * x * (3 - 2 * x);
  }

  static void writeCsv() throws IOException {
    StringBuilder csv =
        new StringBuilder("time_s,subscribers,edges,recommended_edges,desired_edges,reason\n");
    for (Tick tick : ticks) {
      ScalingDecision d = tick.decision();
      csv.append(tick.second())
          .append(',')
          .append(tick.subscribers())
          .append(',')
          .append(d.currentEdges())
          .append(',')
          .append(d.recommendedEdges())
          .append(',')
          .append(d.desiredEdges())
          .append(',')
          .append(d.reason())
          .append('\n');
    }
    Files.createDirectories(CSV.getParent());
    Files.writeString(CSV, csv);
  }

  @Test
  void requestsEdgesInTheSyncPeriodThatFirstSeesTheSurge() {
    Tick firstOverloaded =
        ticks.stream()
            .filter(t -> t.subscribers() > t.decision().currentEdges() * TARGET * (1 + TOLERANCE))
            .findFirst()
            .orElseThrow();

    assertThat(firstOverloaded.second()).isBetween(SURGE_START, PEAK_START);
    assertThat(firstOverloaded.decision().scalesUp())
        .as("decision at %d s: %s", firstOverloaded.second(), firstOverloaded.decision().message())
        .isTrue();
  }

  @Test
  void scalesUpWheneverTheLoadLeavesTheToleranceUpwards() {
    for (Tick tick : ticks) {
      ScalingDecision d = tick.decision();
      if (d.currentEdges() < MAX_EDGES
          && tick.subscribers() > d.currentEdges() * TARGET * (1 + TOLERANCE)) {
        assertThat(d.scalesUp()).as("at %d s: %s", tick.second(), d.message()).isTrue();
      }
    }
  }

  @Test
  void hasEnoughEdgesForThePeakWithinAMinuteOfItsStart() {
    for (Tick tick : ticks) {
      if (tick.second() >= PEAK_START + 60 && tick.second() < DECLINE_START) {
        assertThat(tick.decision().desiredEdges() * TARGET * (1 + TOLERANCE))
            .as("capacity at %d s", tick.second())
            .isGreaterThanOrEqualTo(tick.subscribers());
      }
    }
    assertThat(ticks.stream().mapToInt(t -> t.decision().desiredEdges()).max().orElseThrow())
        .as("20,000 subscribers need 14 edges at 1,500; 13 carry them within the tolerance")
        .isBetween(13, 16);
  }

  @Test
  void neverReversesDirectionWithinTheStabilizationWindow() {
    Tick previousChange = null;
    for (Tick tick : ticks) {
      if (!tick.decision().changesEdges()) {
        continue;
      }
      if (previousChange != null
          && previousChange.decision().scalesUp() != tick.decision().scalesUp()) {
        assertThat(tick.second() - previousChange.second())
            .as("reversal at %d s after a change at %d s", tick.second(), previousChange.second())
            .isGreaterThanOrEqualTo((int) SCALE_DOWN_WINDOW.toSeconds());
      }
      previousChange = tick;
    }
  }

  @Test
  void scalesInOnlyToTheHighestRecommendationOfTheWindow() {
    List<Tick> scaleIns = ticks.stream().filter(t -> t.decision().scalesDown()).toList();
    assertThat(scaleIns).isNotEmpty();
    int lastScaleUp =
        ticks.stream()
            .filter(t -> t.decision().scalesUp())
            .mapToInt(Tick::second)
            .max()
            .orElseThrow();

    for (Tick scaleIn : scaleIns) {
      int windowStart = scaleIn.second() - (int) SCALE_DOWN_WINDOW.toSeconds();
      int highestInWindow =
          ticks.stream()
              .filter(t -> t.second() > windowStart && t.second() <= scaleIn.second())
              .mapToInt(t -> t.decision().recommendedEdges())
              .max()
              .orElseThrow();
      assertThat(scaleIn.decision().desiredEdges())
          .as("scale-in at %d s", scaleIn.second())
          .isGreaterThanOrEqualTo(highestInWindow);
    }
    assertThat(scaleIns.get(0).second() - lastScaleUp)
        .isGreaterThanOrEqualTo((int) SCALE_DOWN_WINDOW.toSeconds());
  }

  @Test
  void returnsToMinEdgesAndStaysWithinTheBounds() {
    assertThat(ticks)
        .allSatisfy(t -> assertThat(t.decision().desiredEdges()).isBetween(MIN_EDGES, MAX_EDGES));
    assertThat(ticks.get(ticks.size() - 1).decision().desiredEdges()).isEqualTo(MIN_EDGES);
  }

  @Test
  void writesTheDecisionsAsACsvTable() throws IOException {
    List<String> lines = Files.readAllLines(CSV);

    assertThat(lines.get(0))
        .isEqualTo("time_s,subscribers,edges,recommended_edges,desired_edges,reason");
    assertThat(lines).hasSize(ticks.size() + 1);
  }
}
