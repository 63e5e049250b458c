package io.streamcluster.load;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The outcome of one load run. A server holds the run's N when at least {@link #HOLD_FRACTION} of
 * the subscribers met the rule: at least {@link #MIN_BITRATE_FRACTION} of the expected bitrate over
 * the window, a first frame, no stall over one second, no disconnect.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LoadReport(
    String url,
    String transport,
    int eventLoopThreads,
    int subscriberCount,
    double rampSeconds,
    double windowSeconds,
    double expectedKbps,
    int met,
    int required,
    boolean holds,
    int withFirstFrame,
    int withStall,
    int disconnects,
    Percentiles ttffMs,
    Percentiles kbps,
    Percentiles timeline,
    long totalBytes,
    double deliveredMbps,
    double clientCpuSeconds,
    double clientCpuPercent,
    Server server,
    Latency hopLatency,
    Latency addedLatency,
    ClusterAsks cluster,
    Map<String, Long> failures,
    List<SubscriberResult> subscribers) {

  public static final double HOLD_FRACTION = 0.999;
  public static final double MIN_BITRATE_FRACTION = 0.98;

  /**
   * One subscriber's figures over the measurement window. {@code longestGapEndSeconds} is when its
   * longest gap between media messages ended, in seconds from the window's start (negative: during
   * the ramp or the settling time).
   *
   * <p>{@code gaps}: each gap over a second within the window, as wall-clock milliseconds {@code
   * [start, end]} (at most 64); null when there was none.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record SubscriberResult(
      int id,
      boolean met,
      Double ttffMs,
      double kbps,
      Double timeline,
      int stalls,
      double longestGapMs,
      Double longestGapEndSeconds,
      long bytes,
      boolean disconnected,
      String failure,
      List<List<Long>> gaps) {}

  /** What the server process spent over the window, read from /proc. */
  public record Server(
      List<Integer> pids,
      double cpuSeconds,
      double cpuPercent,
      long rssKibAtStart,
      long rssKibAtEnd,
      Double cpuSecondsPerDeliveredGbit) {

    static Server of(List<Integer> pids, ServerProcess.Sample start, ServerProcess.Sample end) {
      return new Server(pids, end.cpuSecondsSince(start), 0, start.rssKib(), end.rssKib(), null);
    }

    Server over(double windowSeconds, double deliveredGbit) {
      return new Server(
          pids,
          cpuSeconds,
          windowSeconds > 0 ? 100 * cpuSeconds / windowSeconds : 0,
          rssKibAtStart,
          rssKibAtEnd,
          deliveredGbit > 0 ? cpuSeconds / deliveredGbit : null);
    }
  }

  /**
   * A latency against a reference: for each video frame a subscriber received in the window, its
   * arrival minus the frame's arrival (same timestamp) at the reference. The edge hop's reference
   * is a subscriber on the origin; the latency the servers add has the ingest relay's reading of
   * the frame's arrival at the server. {@code unmatched} frames were never matched: the reference
   * went past their timestamp without having it, or had not received it when the window closed.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Latency(
      String referenceUrl,
      boolean referenceConnected,
      long samples,
      long unmatched,
      Double minMs,
      Double p50Ms,
      Double p99Ms,
      Double maxMs) {

    static Latency of(
        String referenceUrl, boolean referenceConnected, long[] sortedNanos, long unmatched) {
      if (sortedNanos.length == 0) {
        return new Latency(referenceUrl, referenceConnected, 0, unmatched, null, null, null, null);
      }
      return new Latency(
          referenceUrl,
          referenceConnected,
          sortedNanos.length,
          unmatched,
          sortedNanos[0] / 1e6,
          rank(sortedNanos, 0.50) / 1e6,
          rank(sortedNanos, 0.99) / 1e6,
          sortedNanos[sortedNanos.length - 1] / 1e6);
    }

    private static long rank(long[] sorted, double p) {
      int index = (int) Math.ceil(p * sorted.length) - 1;
      return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }
  }

  /**
   * What the subscribers met asking {@code /cluster} for their edge ({@code --cluster-url}).
   *
   * @param asked subscribers that asked
   * @param answered subscribers that were given an edge (their last, if an edge refused them)
   * @param waited of those, the ones that got it only after a 503, a held answer (over 1 s) or an
   *     edge's refusal
   * @param refusedSubscribers subscribers answered 503 at least once
   * @param refusedAnswers 503 answers in all
   * @param edgeRefusedSubscribers subscribers whose play an edge refused at least once (they asked
   *     {@code /cluster} again)
   * @param edgeRefusals plays refused by the edges in all
   * @param gaveUp subscribers finally refused: no edge that would play them within their patience
   *     (or after too many edges refused them)
   * @param errors requests that got no answer or one that was neither 200 nor 503
   * @param longestRetryAfterSeconds the longest Retry-After the origin sent
   * @param waitMs from the first ask to the (last) edge, per subscriber that got one
   * @param waitedMs the same, for the subscribers that waited
   * @param edges subscribers sent to each edge (their last)
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record ClusterAsks(
      String clusterUrl,
      int asked,
      int answered,
      int waited,
      int refusedSubscribers,
      long refusedAnswers,
      int edgeRefusedSubscribers,
      long edgeRefusals,
      int gaveUp,
      long errors,
      long longestRetryAfterSeconds,
      Percentiles waitMs,
      Percentiles waitedMs,
      Map<String, Integer> edges) {}

  /** Nearest-rank percentiles; null fields when there were no samples. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Percentiles(Double min, Double p1, Double p50, Double p99, Double max) {

    static Percentiles of(double[] values) {
      if (values.length == 0) {
        return new Percentiles(null, null, null, null, null);
      }
      double[] sorted = values.clone();
      Arrays.sort(sorted);
      return new Percentiles(
          sorted[0],
          rank(sorted, 0.01),
          rank(sorted, 0.50),
          rank(sorted, 0.99),
          sorted[sorted.length - 1]);
    }

    private static double rank(double[] sorted, double p) {
      int index = (int) Math.ceil(p * sorted.length) - 1;
      return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }
  }

  static int required(int subscriberCount) {
    return (int) Math.ceil(HOLD_FRACTION * subscriberCount - 1e-9);
  }

  static LoadReport of(
      LoadRunSettings settings,
      double windowSeconds,
      double clientCpuSeconds,
      Server server,
      Latency hopLatency,
      Latency addedLatency,
      ClusterAsks cluster,
      List<SubscriberResult> subscribers) {
    int n = subscribers.size();
    int met = (int) subscribers.stream().filter(SubscriberResult::met).count();
    int required = required(n);
    double[] ttff = known(subscribers, SubscriberResult::ttffMs);
    double[] kbps = subscribers.stream().mapToDouble(SubscriberResult::kbps).toArray();
    double[] timeline = known(subscribers, SubscriberResult::timeline);
    long totalBytes = subscribers.stream().mapToLong(SubscriberResult::bytes).sum();
    double deliveredMbps = Arrays.stream(kbps).sum() / 1000;
    Map<String, Long> failures =
        subscribers.stream()
            .map(SubscriberResult::failure)
            .filter(Objects::nonNull)
            .collect(Collectors.groupingBy(f -> f, TreeMap::new, Collectors.counting()));
    return new LoadReport(
        settings.url(),
        settings.transport(),
        settings.threads(),
        n,
        settings.rampSeconds(),
        windowSeconds,
        settings.expectedKbps(),
        met,
        required,
        n > 0 && met >= required,
        ttff.length,
        (int) subscribers.stream().filter(s -> s.stalls() > 0).count(),
        (int) subscribers.stream().filter(SubscriberResult::disconnected).count(),
        Percentiles.of(ttff),
        Percentiles.of(kbps),
        Percentiles.of(timeline),
        totalBytes,
        deliveredMbps,
        clientCpuSeconds,
        windowSeconds > 0 ? 100 * clientCpuSeconds / windowSeconds : 0,
        server == null ? null : server.over(windowSeconds, deliveredMbps * windowSeconds / 1000),
        hopLatency,
        addedLatency,
        cluster,
        failures.isEmpty() ? null : failures,
        subscribers);
  }

  /** A few lines for a person reading the console. */
  public String summary() {
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            Locale.ROOT,
            "%s: %d subscribers, %d met the rule (%d needed) -> %s%n",
            url,
            subscriberCount,
            met,
            required,
            holds ? "HOLDS" : "DOES NOT HOLD"));
    out.append(
        String.format(
            Locale.ROOT,
            "  first frame: %d, ttff p50 %s ms, p99 %s ms, max %s ms%n",
            withFirstFrame,
            format(ttffMs.p50()),
            format(ttffMs.p99()),
            format(ttffMs.max())));
    out.append(
        String.format(
            Locale.ROOT,
            "  kbit/s over %.1f s: p1 %s, p50 %s, p99 %s (expected %.0f, needed %.0f)%n",
            windowSeconds,
            format(kbps.p1()),
            format(kbps.p50()),
            format(kbps.p99()),
            expectedKbps,
            expectedKbps * MIN_BITRATE_FRACTION));
    out.append(
        String.format(
            Locale.ROOT,
            "  stalled: %d, disconnected: %d, delivered %.1f Mbit/s, %d bytes in all,"
                + " client CPU %.0f%% of one core%n",
            withStall,
            disconnects,
            deliveredMbps,
            totalBytes,
            clientCpuPercent));
    if (server != null) {
      out.append(
          String.format(
              Locale.ROOT,
              "  server %s: CPU %.2f s (%.0f%% of a core), %s CPU s per delivered Gbit,"
                  + " RSS %d -> %d KiB%n",
              server.pids(),
              server.cpuSeconds(),
              server.cpuPercent(),
              server.cpuSecondsPerDeliveredGbit() == null
                  ? "-"
                  : String.format(Locale.ROOT, "%.3f", server.cpuSecondsPerDeliveredGbit()),
              server.rssKibAtStart(),
              server.rssKibAtEnd()));
    }
    if (hopLatency != null) {
      out.append(
          String.format(
              Locale.ROOT,
              "  hop latency against %s%s: %d video frames (%d unmatched), p50 %s ms, p99 %s ms,"
                  + " max %s ms%n",
              hopLatency.referenceUrl(),
              hopLatency.referenceConnected() ? "" : " (reference lost)",
              hopLatency.samples(),
              hopLatency.unmatched(),
              format1(hopLatency.p50Ms()),
              format1(hopLatency.p99Ms()),
              format1(hopLatency.maxMs())));
    }
    if (addedLatency != null) {
      out.append(
          String.format(
              Locale.ROOT,
              "  added latency (arrival at the server to arrival here, %s%s): %d video frames"
                  + " (%d unmatched), p50 %s ms, p99 %s ms, max %s ms%n",
              addedLatency.referenceUrl(),
              addedLatency.referenceConnected() ? "" : ", relay lost",
              addedLatency.samples(),
              addedLatency.unmatched(),
              format1(addedLatency.p50Ms()),
              format1(addedLatency.p99Ms()),
              format1(addedLatency.maxMs())));
    }
    if (cluster != null) {
      out.append(
          String.format(
              Locale.ROOT,
              "  /cluster: %d asked, %d got an edge (%d after waiting, median %s ms, longest %s"
                  + " ms), %d answers 503 to %d subscribers (longest Retry-After %d s), %d plays"
                  + " refused by edges to %d subscribers, %d finally refused (gave up), %d never"
                  + " connected, %d errors; per edge %s%n",
              cluster.asked(),
              cluster.answered(),
              cluster.waited(),
              format(cluster.waitedMs().p50()),
              format(cluster.waitedMs().max()),
              cluster.refusedAnswers(),
              cluster.refusedSubscribers(),
              cluster.longestRetryAfterSeconds(),
              cluster.edgeRefusals(),
              cluster.edgeRefusedSubscribers(),
              cluster.gaveUp(),
              subscriberCount - withFirstFrame,
              cluster.errors(),
              cluster.edges()));
    }
    if (failures != null) {
      failures.forEach(
          (reason, count) ->
              out.append("  ").append(count).append(" x ").append(reason).append('\n'));
    }
    return out.toString();
  }

  public void writeJson(Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), this);
  }

  /** One measurement of each subscriber that has it. */
  private static double[] known(
      List<SubscriberResult> subscribers, Function<SubscriberResult, Double> measurement) {
    return subscribers.stream()
        .map(measurement)
        .filter(Objects::nonNull)
        .mapToDouble(Double::doubleValue)
        .toArray();
  }

  private static String format1(Double value) {
    return value == null ? "-" : String.format(Locale.ROOT, "%.1f", value);
  }

  private static String format(Double value) {
    return value == null ? "-" : String.format(Locale.ROOT, "%.0f", value);
  }
}
