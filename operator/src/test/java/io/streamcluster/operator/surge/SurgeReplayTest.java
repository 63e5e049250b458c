package io.streamcluster.operator.surge;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import io.streamcluster.operator.scaleloop.EdgeScaler;
import io.streamcluster.operator.surge.SurgeSimulator.Scenario;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The launch surge, measured: every audience curve, with edges that start in about 10 s and with
 * edges that need a new node (60–180 s), through today's policy (HPA's default behavior, origins
 * that answer 503 when full), HPA with the new rotation (target first, overflow, hold,
 * Retry-After), predictive scale-up, and predictive scale-up with a schedule for the event. The
 * loop decides every 15 s, the operator's default. Each row: viewers refused, how long viewers
 * waited, how full the edges got, and edge-minutes beside an oracle that knows the future.
 *
 * <p>The table goes to {@code target/surge-replay.md} and {@code target/surge-replay.csv}, and one
 * time series per plotted run to {@code target/surge-<curve>-<startup>-<policy>.csv}; {@code
 * scripts/autoscaler-replay.sh} puts them into docs/autoscaler-replay.md.
 */
class SurgeReplayTest {

  static final Duration SYNC = Duration.ofSeconds(Long.getLong("surge.sync.seconds", 15));
  static final Path TARGET = Path.of("target");

  static final List<AudienceCurve> CURVES =
      List.of(
          AudienceCurve.ramp(60),
          AudienceCurve.ramp(120),
          AudienceCurve.ramp(300),
          AudienceCurve.flashCrowd());
  static final List<EdgeStartupTime> STARTUPS =
      List.of(EdgeStartupTime.FAST, EdgeStartupTime.NEW_NODE);
  static final List<SurgePolicy> POLICIES =
      List.of(
          SurgePolicy.TODAY,
          SurgePolicy.HPA_WITH_ROTATION,
          SurgePolicy.PREDICTIVE,
          SurgePolicy.SCHEDULE,
          SurgePolicy.PREDICTIVE_SCHEDULE);

  static final List<SurgeResult> results = new ArrayList<>();

  @BeforeAll
  static void simulate() throws IOException {
    Logger loop = (Logger) LoggerFactory.getLogger(EdgeScaler.class);
    Level level = loop.getLevel();
    loop.setLevel(Level.WARN);
    try {
      long seed = 20_000;
      for (AudienceCurve curve : CURVES) {
        for (EdgeStartupTime startup : STARTUPS) {
          Scenario scenario = new Scenario(curve, startup, SYNC, seed++);
          for (SurgePolicy policy : POLICIES) {
            results.add(SurgeSimulator.run(scenario, policy));
          }
        }
      }
    } finally {
      loop.setLevel(level);
    }
    writeTable();
    for (SurgeResult plotted : plotted()) {
      writeTimeline(plotted);
    }
  }

  /** The runs the docs plot: the goal's surge, and a slow start with and without a schedule. */
  static List<SurgeResult> plotted() {
    AudienceCurve ramp = CURVES.get(1);
    AudienceCurve flash = CURVES.get(3);
    return List.of(
        result(ramp, EdgeStartupTime.FAST, SurgePolicy.TODAY),
        result(ramp, EdgeStartupTime.FAST, SurgePolicy.PREDICTIVE),
        result(flash, EdgeStartupTime.NEW_NODE, SurgePolicy.PREDICTIVE),
        result(flash, EdgeStartupTime.NEW_NODE, SurgePolicy.PREDICTIVE_SCHEDULE));
  }

  /** {@code target/surge-<n>.csv}: second, viewers, subscribers, waiting, edges, 503s. */
  static Path timelineFile(int index) {
    return TARGET.resolve("surge-timeline-" + index + ".csv");
  }

  static void writeTimeline(SurgeResult r) throws IOException {
    StringBuilder csv =
        new StringBuilder("# " + r.curve() + ", edges start in " + r.startup() + ", " + r.policy());
    csv.append("\nsecond,viewers,subscribers,waiting,ready_edges,edges,refusals\n");
    for (SurgeResult.Sample s : r.timeline()) {
      csv.append(
          String.format(
              Locale.ROOT,
              "%d,%.0f,%d,%d,%d,%d,%d\n",
              s.second(),
              s.viewers(),
              s.subscribers(),
              s.waiting(),
              s.readyEdges(),
              s.edges(),
              s.refusals()));
    }
    Files.writeString(timelineFile(plotted().indexOf(r)), csv);
  }

  static SurgeResult result(AudienceCurve curve, EdgeStartupTime startup, SurgePolicy policy) {
    return results.stream()
        .filter(r -> r.curve().equals(curve.name()))
        .filter(r -> r.startup().equals(startup.name()))
        .filter(r -> r.policy().equals(policy.name()))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void predictiveScaleUpRefusesNoViewerOfATwoMinuteSurgeAndCostsLittleMoreThanTheOracle() {
    SurgeResult predictive =
        result(AudienceCurve.ramp(120), EdgeStartupTime.FAST, SurgePolicy.PREDICTIVE);

    assertThat(predictive.refusedViewers()).as("viewers refused").isZero();
    assertThat(predictive.gaveUp()).as("viewers who gave up").isZero();
    assertThat(predictive.maxWaitSeconds())
        .as("the longest a viewer was held, at most the 8 s hold")
        .isLessThanOrEqualTo(8);
    assertThat(predictive.eventOverOracle())
        .as("edge-minutes beyond the oracle's until the viewers leave")
        .isLessThanOrEqualTo(0.25);
  }

  @Test
  void todaysPolicyRefusesViewersOfTheSameSurge() {
    SurgeResult today = result(AudienceCurve.ramp(120), EdgeStartupTime.FAST, SurgePolicy.TODAY);

    assertThat(today.refusedViewers()).isGreaterThan(1_000);
  }

  @Test
  void aScheduleRefusesNoViewerEvenWhenEdgesNeedANewNode() {
    for (AudienceCurve curve : CURVES) {
      for (SurgePolicy scheduled : List.of(SurgePolicy.SCHEDULE, SurgePolicy.PREDICTIVE_SCHEDULE)) {
        SurgeResult r = result(curve, EdgeStartupTime.NEW_NODE, scheduled);
        assertThat(r.refusedViewers()).as("%s, %s", curve.name(), scheduled.name()).isZero();
        assertThat(r.heldViewers()).as("%s, %s", curve.name(), scheduled.name()).isZero();
      }
    }
  }

  @Test
  void withoutAScheduleEdgesThatNeedANewNodeComeTooLate() {
    for (AudienceCurve curve : CURVES) {
      assertThat(result(curve, EdgeStartupTime.NEW_NODE, SurgePolicy.PREDICTIVE).refusedViewers())
          .as("refused in %s with 60-180 s start-ups and no schedule", curve.name())
          .isPositive();
    }
  }

  @Test
  void aScheduleStopsPredictionFromOrderingTheFirstRushMultipliedByAStartUp() {
    for (AudienceCurve curve : CURVES) {
      SurgeResult both = result(curve, EdgeStartupTime.NEW_NODE, SurgePolicy.PREDICTIVE_SCHEDULE);
      assertThat(both.peakEdges())
          .as("edges for %s with a schedule for the 20,000 (14 at the target)", curve.name())
          .isLessThanOrEqualTo(16);
    }
  }

  @Test
  void scaleInIsNoQuickerThanToday() {
    AudienceCurve curve = AudienceCurve.ramp(120);
    int today = backAtMinEdges(result(curve, EdgeStartupTime.FAST, SurgePolicy.TODAY));
    int predictive = backAtMinEdges(result(curve, EdgeStartupTime.FAST, SurgePolicy.PREDICTIVE));

    assertThat(predictive).isGreaterThanOrEqualTo(today - (int) SYNC.toSeconds());
  }

  @Test
  void noEdgeEverCarriesMoreThanItsCap() {
    assertThat(results)
        .allSatisfy(
            r -> assertThat(r.peakPerEdge()).isLessThanOrEqualTo(SurgeSimulator.MAX_SUBSCRIBERS));
  }

  @Test
  void writesTheTableAndThePlottedTimelines() throws IOException {
    List<String> table = Files.readAllLines(TARGET.resolve("surge-replay.csv"));
    assertThat(table).hasSize(results.size() + 1);
    for (int i = 0; i < plotted().size(); i++) {
      assertThat(Files.readAllLines(timelineFile(i)))
          .hasSizeGreaterThan((int) AudienceCurve.ramp(120).end());
    }
  }

  /** The first second after the peak at which the edges asked for are back at minEdges. */
  static int backAtMinEdges(SurgeResult r) {
    return r.timeline().stream()
        .filter(s -> s.second() > AudienceCurve.IDLE_SECONDS + 300)
        .filter(s -> s.edges() == SurgePolicy.MIN_EDGES)
        .mapToInt(SurgeResult.Sample::second)
        .findFirst()
        .orElseThrow();
  }

  static void writeTable() throws IOException {
    StringBuilder md = new StringBuilder();
    md.append(
        "| audience | edge start-up | policy | viewers refused | 503 answers | viewers held |"
            + " viewers who waited | longest wait (s) | gave up | peak subscribers per edge |"
            + " peak edges | edge-minutes to the peak's end | vs oracle | edge-minutes in all |"
            + " vs oracle |\n");
    md.append(
        "| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
            + " ---: | ---: | ---: |\n");
    StringBuilder csv =
        new StringBuilder(
            "curve,startup,policy,refused_viewers,refusals,held_viewers,waited_viewers,"
                + "max_wait_s,wait_s,gave_up,peak_per_edge,peak_edges,edge_minutes,"
                + "oracle_edge_minutes\n");
    String lastScenario = "";
    for (SurgeResult r : results) {
      String scenario = r.curve() + r.startup();
      if (!scenario.equals(lastScenario)) {
        lastScenario = scenario;
        md.append(
            String.format(
                Locale.ROOT,
                "| %s | %s | oracle | | | | | | | | | %.0f | | %.0f | |\n",
                r.curve(),
                r.startup(),
                r.eventOracleEdgeMinutes(),
                r.oracleEdgeMinutes()));
      }
      md.append(
          String.format(
              Locale.ROOT,
              "| %s | %s | %s | %d | %d | %d | %d | %.1f | %d | %d | %d | %.0f | %+.0f %% | %.0f |"
                  + " %+.0f %% |\n",
              r.curve(),
              r.startup(),
              r.policy(),
              r.refusedViewers(),
              r.refusals(),
              r.heldViewers(),
              r.waitedViewers(),
              r.maxWaitSeconds(),
              r.gaveUp(),
              r.peakPerEdge(),
              r.peakEdges(),
              r.eventEdgeMinutes(),
              r.eventOverOracle() * 100,
              r.edgeMinutes(),
              r.overOracle() * 100));
      csv.append(
          String.format(
              Locale.ROOT,
              "%s,%s,%s,%d,%d,%d,%d,%.1f,%.0f,%d,%d,%d,%.1f,%.1f\n",
              r.curve(),
              r.startup(),
              r.policy(),
              r.refusedViewers(),
              r.refusals(),
              r.heldViewers(),
              r.waitedViewers(),
              r.maxWaitSeconds(),
              r.waitSeconds(),
              r.gaveUp(),
              r.peakPerEdge(),
              r.peakEdges(),
              r.edgeMinutes(),
              r.oracleEdgeMinutes()));
    }
    Files.createDirectories(TARGET);
    Files.writeString(TARGET.resolve("surge-replay.md"), md);
    Files.writeString(TARGET.resolve("surge-replay.csv"), csv);
  }
}
