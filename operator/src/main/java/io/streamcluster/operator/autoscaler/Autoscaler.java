package io.streamcluster.operator.autoscaler;

import io.streamcluster.operator.autoscaler.ScalingDecision.Reason;
import io.streamcluster.operator.autoscaler.ScalingDecision.Signals;
import io.streamcluster.operator.autoscaler.ScalingRules.SelectPolicy;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Decides how many edges a cluster should have, with the HorizontalPodAutoscaler's algorithm
 * (autoscaling/v2, as the Kubernetes controller implements it) applied to subscriber counts.
 *
 * <ol>
 *   <li>The load's ratio to the target is {@code subscribers / (currentEdges × target)}. Within the
 *       tolerance of 1 the recommendation is the current size; otherwise it is {@code
 *       ceil(currentEdges × ratio)}, which is {@code ceil(subscribers / target)}, computed exactly.
 *   <li>Stabilization: the result is kept between the lowest recommendation of the scale-up window
 *       and the highest of the scale-down window, so a short dip does not remove edges that a
 *       moment later would be needed again.
 *   <li>Rate policies: the change is limited by the policies of its direction, counted from the
 *       size at the start of each policy's period (scale events recorded through {@link
 *       #recordScale}), combined by the select policy; then clamped to {@code [minEdges,
 *       maxEdges]}.
 * </ol>
 *
 * Like HPA, a size outside the bounds is brought inside them before anything else, the first
 * decision seeds the scale-down window with the current size (a restarted operator does not scale
 * in at once), and when the load cannot be read nothing changes. Unlike HPA, recommendations and
 * percentage limits are computed exactly in integers (HPA's floating point makes 112% of 25 edges
 * 29, not 28), and a size of zero is raised to {@code minEdges} instead of switching autoscaling
 * off. One instance serves one cluster; it keeps the recent recommendations and scale events, and
 * is safe to call from several threads.
 *
 * <p>Beyond HPA, two things raise the edges, and neither changes how they come down: a {@link
 * CapacitySchedule} that is active raises the lower bound as {@code minEdges} does; and with a
 * {@link PredictiveScaleUp} behavior the recommendation is the larger of HPA's and the edges the
 * demand needs once new edges are ready ({@link PredictiveScaleUp#plannedDemand}), from the join
 * rate ({@link JoinRate}) and the start-up time the autoscaler measures ({@link EdgeStartup}). The
 * larger recommendation is what the scale-down window remembers, so scale-in stays as slow as
 * HPA's.
 */
public final class Autoscaler {

  private record Recommendation(Instant time, int edges) {}

  private record ScaleEvent(Instant time, int change) {}

  private record Limit(int edges, Reason reason, String why) {}

  /** The lower bound now: {@code minEdges}, or more while a schedule holds more. */
  private record Floor(int edges, Reason reason, String why, Optional<CapacitySchedule> schedule) {}

  /** What a decision looks ahead with: the join rate, the start-up time, and its result. */
  private record Outlook(double joinRate, Duration startup, int predictedEdges, double planned) {}

  private final InstantSource clock;
  private AutoscalerConfig config;
  private final EdgeStartup startup;
  private final JoinRate joinRate = new JoinRate();
  private final List<Recommendation> recommendations = new ArrayList<>();
  private final List<ScaleEvent> scaleUps = new ArrayList<>();
  private final List<ScaleEvent> scaleDowns = new ArrayList<>();

  public Autoscaler(AutoscalerConfig config, InstantSource clock) {
    this.config = Objects.requireNonNull(config, "config");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.startup = new EdgeStartup(assumedStartup(config));
  }

  private static Duration assumedStartup(AutoscalerConfig config) {
    return config
        .behavior()
        .predictive()
        .map(PredictiveScaleUp::assumedStartup)
        .orElse(PredictiveScaleUp.DEFAULT_ASSUMED_STARTUP);
  }

  public synchronized AutoscalerConfig config() {
    return config;
  }

  /** Takes a changed spec into account; the history of recommendations and scale events stays. */
  public synchronized void reconfigure(AutoscalerConfig newConfig) {
    this.config = Objects.requireNonNull(newConfig, "config");
    startup.assume(assumedStartup(newConfig));
  }

  /**
   * The edges asked for that have not checked in yet, and when the first of them should: what the
   * origins tell a viewer who finds every edge full.
   */
  public synchronized ExpectedEdges expectedEdges() {
    Instant now = clock.instant();
    return new ExpectedEdges(startup.pending(), startup.firstExpected(now));
  }

  /**
   * Edges on their way.
   *
   * @param count edges asked for that have not checked in
   * @param firstAt when the first of them should check in; empty when none is on its way
   */
  public record ExpectedEdges(int count, Optional<Instant> firstAt) {}

  /**
   * Decides the number of edges for the load now, on the subscribers alone.
   *
   * @param currentEdges the edges there are now (the scale's {@code spec.replicas})
   * @param subscribers the subscribers over all edges
   */
  public ScalingDecision decide(int currentEdges, long subscribers) {
    if (subscribers < 0) {
      throw new IllegalArgumentException("negative subscribers: " + subscribers);
    }
    return decide(currentEdges, LoadReading.of(subscribers));
  }

  /**
   * Decides the number of edges for the load now.
   *
   * @param currentEdges the edges there are now (the scale's {@code spec.replicas})
   * @param reading what the loop read: subscribers, waiting viewers and the edges in the rotation
   */
  public synchronized ScalingDecision decide(int currentEdges, LoadReading reading) {
    if (currentEdges < 0) {
      throw new IllegalArgumentException("negative edges: " + currentEdges);
    }
    long subscribers = reading.subscribers();
    Instant now = clock.instant();
    seedScaleDownWindow(now, currentEdges);
    startup.observe(now, currentEdges, reading.readyEdges());
    joinRate.observe(now, reading.demand());
    Floor floor = floor(now);
    long target = config.targetSubscribersPerEdge();
    Outlook outlook = outlook(now, reading.demand(), floor);
    Signals signals = signals(reading, outlook, floor);
    OptionalLong load = OptionalLong.of(subscribers);
    ScalingDecision outOfBounds = bringIntoBounds(now, currentEdges, load, floor, signals);
    if (outOfBounds != null) {
      return outOfBounds;
    }

    double ratio = subscribers / ((double) target * currentEdges);
    boolean withinTolerance = 1 - config.tolerance() <= ratio && ratio <= 1 + config.tolerance();
    int recommended =
        withinTolerance
            ? currentEdges
            : ScalingPolicy.saturatedInt(ScalingPolicy.ceilDiv(subscribers, target));
    boolean ahead =
        outlook.predictedEdges() > recommended
            && outlook.planned() > (double) target * currentEdges * (1 + config.tolerance());
    if (ahead) {
      recommended = outlook.predictedEdges();
    }
    // the scale-down window remembers what a schedule holds, so scale-in after it is as gradual
    int remembered =
        floor.reason() == Reason.LimitedBySchedule
            ? Math.max(recommended, floor.edges())
            : recommended;
    int stabilized = stabilize(now, currentEdges, recommended, remembered);
    Limit limit = limitRate(now, currentEdges, stabilized, floor);
    int desired = limit.edges();

    String loadText =
        "%d subscribers on %d edges (%.0f per edge, target %d)%s"
            .formatted(
                subscribers,
                currentEdges,
                (double) subscribers / currentEdges,
                target,
                reading.waitingViewers() > 0
                    ? ", " + reading.waitingViewers() + " viewers waiting"
                    : "");
    String asksFor =
        ahead
            ? "; joining at %.1f/s with new edges ready in about %d s, the load asks for %s by then"
                .formatted(outlook.joinRate(), outlook.startup().toSeconds(), edges(recommended))
            : "; the load asks for " + edges(recommended);
    Reason reason;
    String message;
    if (desired != stabilized) {
      reason = limit.reason();
      message =
          loadText
              + asksFor
              + (stabilized != recommended ? ", stabilized at " + stabilized : "")
              + "; "
              + limit.why()
              + ": "
              + change(currentEdges, desired);
    } else if (desired != currentEdges) {
      reason = desired > currentEdges ? Reason.ScaledUp : Reason.ScaledDown;
      message =
          loadText
              + (stabilized != recommended
                  ? asksFor + ", " + windowBound(desired > currentEdges) + " is " + stabilized
                  : ahead ? asksFor : "")
              + ": "
              + change(currentEdges, desired);
    } else if (withinTolerance && !ahead) {
      reason = Reason.WithinTolerance;
      message =
          loadText
              + ", within the tolerance of %.0f%%: keeping %s"
                  .formatted(config.tolerance() * 100, edges(currentEdges));
    } else if (recommended == currentEdges) {
      reason = Reason.AtTarget;
      message = loadText + ": keeping " + edges(currentEdges);
    } else {
      reason = Reason.Stabilized;
      message =
          loadText
              + asksFor
              + ", but "
              + windowBound(recommended > currentEdges)
              + " is "
              + currentEdges
              + ": keeping "
              + edges(currentEdges);
    }
    return new ScalingDecision(
        now, currentEdges, load, recommended, desired, reason, message, signals);
  }

  /**
   * The decision when the subscriber counts cannot be read: the edges stay as they are (within the
   * bounds), and the message says why.
   */
  public synchronized ScalingDecision holdWithoutLoad(int currentEdges, String cause) {
    if (currentEdges < 0) {
      throw new IllegalArgumentException("negative edges: " + currentEdges);
    }
    Instant now = clock.instant();
    seedScaleDownWindow(now, currentEdges);
    OptionalLong unknown = OptionalLong.empty();
    Floor floor = floor(now);
    Signals signals =
        new Signals(
            0,
            0,
            startup.estimate(now),
            startup.measured(),
            0,
            floor.schedule().map(CapacitySchedule::name),
            scheduledEdges(floor),
            startup.pending());
    ScalingDecision outOfBounds = bringIntoBounds(now, currentEdges, unknown, floor, signals);
    if (outOfBounds != null) {
      return outOfBounds;
    }
    return new ScalingDecision(
        now,
        currentEdges,
        unknown,
        currentEdges,
        currentEdges,
        Reason.MetricsUnavailable,
        "subscriber counts unavailable (" + cause + "): keeping " + edges(currentEdges),
        signals);
  }

  /**
   * Records that a decision was carried out, so that the rate policies count it. Call it after the
   * edges were actually changed (not when the change failed); decisions that change nothing are
   * ignored.
   */
  public synchronized void recordScale(ScalingDecision applied) {
    int change = applied.desiredEdges() - applied.currentEdges();
    if (change == 0) {
      return;
    }
    Instant now = clock.instant();
    if (change > 0) {
      forgetOlderThan(scaleUps, now.minus(config.behavior().scaleUp().longestPeriod()));
      scaleUps.add(new ScaleEvent(now, change));
      startup.requested(now, change);
    } else {
      forgetOlderThan(scaleDowns, now.minus(config.behavior().scaleDown().longestPeriod()));
      scaleDowns.add(new ScaleEvent(now, -change));
    }
  }

  private void seedScaleDownWindow(Instant now, int currentEdges) {
    if (recommendations.isEmpty()) {
      recommendations.add(new Recommendation(now, currentEdges));
    }
  }

  /** The lower bound now, and what sets it. */
  private Floor floor(Instant now) {
    long target = config.targetSubscribersPerEdge();
    Optional<CapacitySchedule> schedule =
        CapacitySchedule.strongestAt(config.schedules(), now, target);
    if (schedule.isPresent()) {
      CapacitySchedule s = schedule.get();
      int held = Math.min(s.edges(target), config.maxEdges());
      if (held > config.minEdges()) {
        return new Floor(
            held,
            Reason.LimitedBySchedule,
            "schedule "
                + s.name()
                + " holds "
                + (s.edges(target) > config.maxEdges()
                    ? edges(held) + " (maxEdges; it asks for " + s.holds() + ")"
                    : s.holds() + (s.minEdges() > 0 ? "" : ", " + edges(held)))
                + " until "
                + s.holdUntil(),
            schedule);
      }
    }
    return new Floor(
        config.minEdges(), Reason.LimitedByMin, "minEdges is " + config.minEdges(), schedule);
  }

  private int scheduledEdges(Floor floor) {
    return floor
        .schedule()
        .map(s -> Math.min(s.edges(config.targetSubscribersPerEdge()), config.maxEdges()))
        .orElse(0);
  }

  /**
   * The join rate and start-up time now, and the edges they ask for when predictive. A schedule
   * that holds room for the demand there is already says how large the event will be: extrapolating
   * a crowd's first rush over a long start-up would ask for many times that, so the look-ahead
   * waits until the demand outgrows the schedule (the overflow up to the edges' capacity bridges
   * the start-up then).
   */
  private Outlook outlook(Instant now, long demand, Floor floor) {
    double rate = joinRate.perSecond();
    Duration estimate = startup.estimate(now);
    boolean scheduleHoldsRoom =
        floor.reason() == Reason.LimitedBySchedule
            && demand <= (long) floor.edges() * config.targetSubscribersPerEdge();
    if (config.behavior().predictive().isEmpty() || scheduleHoldsRoom) {
      return new Outlook(rate, estimate, 0, 0);
    }
    double planned = PredictiveScaleUp.plannedDemand(demand, rate, estimate);
    int predicted =
        ScalingPolicy.saturatedInt(
            (long) Math.ceil(planned / (double) config.targetSubscribersPerEdge()));
    return new Outlook(rate, estimate, predicted, planned);
  }

  private Signals signals(LoadReading reading, Outlook outlook, Floor floor) {
    return new Signals(
        reading.waitingViewers(),
        outlook.joinRate(),
        outlook.startup(),
        startup.measured(),
        outlook.predictedEdges(),
        floor.schedule().map(CapacitySchedule::name),
        scheduledEdges(floor),
        startup.pending());
  }

  private ScalingDecision bringIntoBounds(
      Instant now, int currentEdges, OptionalLong load, Floor floor, Signals signals) {
    String loadText =
        load.isPresent()
            ? load.getAsLong() + " subscribers on " + edges(currentEdges)
            : "subscriber counts unavailable, " + edges(currentEdges);
    if (currentEdges > config.maxEdges()) {
      return new ScalingDecision(
          now,
          currentEdges,
          load,
          config.maxEdges(),
          config.maxEdges(),
          Reason.LimitedByMax,
          loadText
              + ", more than maxEdges "
              + config.maxEdges()
              + ": "
              + change(currentEdges, config.maxEdges()),
          signals);
    }
    if (currentEdges < floor.edges()) {
      String below =
          floor.reason() == Reason.LimitedByMin
              ? ", fewer than minEdges " + config.minEdges()
              : ", fewer than " + floor.why();
      return new ScalingDecision(
          now,
          currentEdges,
          load,
          floor.edges(),
          floor.edges(),
          floor.reason(),
          loadText + below + ": " + change(currentEdges, floor.edges()),
          signals);
    }
    return null;
  }

  /**
   * Keeps the recommendation between the scale-up window's lowest and scale-down's highest; the
   * window keeps {@code remembered} for it (the recommendation, or more while a schedule holds
   * more).
   */
  private int stabilize(Instant now, int currentEdges, int recommended, int remembered) {
    Instant upCutoff = now.minus(config.behavior().scaleUp().stabilizationWindow());
    Instant downCutoff = now.minus(config.behavior().scaleDown().stabilizationWindow());
    int upLimit = recommended;
    int downLimit = recommended;
    for (Recommendation past : recommendations) {
      if (past.time().isAfter(upCutoff)) {
        upLimit = Math.min(upLimit, past.edges());
      }
      if (past.time().isAfter(downCutoff)) {
        downLimit = Math.max(downLimit, past.edges());
      }
    }
    recommendations.removeIf(
        past -> !past.time().isAfter(upCutoff) && !past.time().isAfter(downCutoff));
    recommendations.add(new Recommendation(now, remembered));
    return Math.min(Math.max(currentEdges, upLimit), downLimit);
  }

  /** Applies the rate policies of the change's direction and the bounds. */
  private Limit limitRate(Instant now, int currentEdges, int wanted, Floor floor) {
    if (wanted > currentEdges) {
      ScalingRules rules = config.behavior().scaleUp();
      int rateLimit = Math.max(currentEdges, scaleUpLimit(now, currentEdges, rules));
      Limit allowed =
          config.maxEdges() > rateLimit
              ? rules.selectPolicy() == SelectPolicy.DISABLED
                  ? new Limit(rateLimit, Reason.ScalingDisabled, "scaling up is disabled")
                  : new Limit(
                      rateLimit,
                      Reason.LimitedByPolicy,
                      "the scale-up policies allow " + rateLimit + " now")
              : new Limit(
                  config.maxEdges(), Reason.LimitedByMax, "maxEdges is " + config.maxEdges());
      if (wanted > allowed.edges()) {
        return allowed;
      }
    } else if (wanted < currentEdges) {
      ScalingRules rules = config.behavior().scaleDown();
      int rateLimit = Math.min(currentEdges, scaleDownLimit(now, currentEdges, rules));
      Limit allowed =
          floor.edges() < rateLimit
              ? rules.selectPolicy() == SelectPolicy.DISABLED
                  ? new Limit(rateLimit, Reason.ScalingDisabled, "scaling down is disabled")
                  : new Limit(
                      rateLimit,
                      Reason.LimitedByPolicy,
                      "the scale-down policies allow " + rateLimit + " now")
              : new Limit(floor.edges(), floor.reason(), floor.why());
      if (wanted < allowed.edges()) {
        return allowed;
      }
    }
    return new Limit(wanted, null, null);
  }

  private int scaleUpLimit(Instant now, int currentEdges, ScalingRules rules) {
    if (rules.selectPolicy() == SelectPolicy.DISABLED) {
      return currentEdges;
    }
    boolean pickLargest = rules.selectPolicy() == SelectPolicy.MAX;
    int result = pickLargest ? Integer.MIN_VALUE : Integer.MAX_VALUE;
    for (ScalingPolicy policy : rules.policies()) {
      int proposed = policy.scaleUpLimit(edgesAtPeriodStart(now, currentEdges, policy.period()));
      result = pickLargest ? Math.max(result, proposed) : Math.min(result, proposed);
    }
    return result;
  }

  private int scaleDownLimit(Instant now, int currentEdges, ScalingRules rules) {
    if (rules.selectPolicy() == SelectPolicy.DISABLED) {
      return currentEdges;
    }
    // the largest change down is the lowest limit
    boolean pickLargestChange = rules.selectPolicy() == SelectPolicy.MAX;
    int result = pickLargestChange ? Integer.MAX_VALUE : Integer.MIN_VALUE;
    for (ScalingPolicy policy : rules.policies()) {
      int proposed = policy.scaleDownLimit(edgesAtPeriodStart(now, currentEdges, policy.period()));
      result = pickLargestChange ? Math.min(result, proposed) : Math.max(result, proposed);
    }
    return result;
  }

  private int edgesAtPeriodStart(Instant now, int currentEdges, Duration period) {
    Instant cutoff = now.minus(period);
    return currentEdges - changeSince(scaleUps, cutoff) + changeSince(scaleDowns, cutoff);
  }

  private static int changeSince(List<ScaleEvent> events, Instant cutoff) {
    int sum = 0;
    for (ScaleEvent event : events) {
      if (event.time().isAfter(cutoff)) {
        sum += event.change();
      }
    }
    return sum;
  }

  private static void forgetOlderThan(List<ScaleEvent> events, Instant cutoff) {
    events.removeIf(event -> !event.time().isAfter(cutoff));
  }

  private String windowBound(boolean up) {
    ScalingRules rules = up ? config.behavior().scaleUp() : config.behavior().scaleDown();
    return "the "
        + (up ? "lowest" : "highest")
        + " recommendation of the last "
        + rules.stabilizationWindow().toSeconds()
        + " s (scale-"
        + (up ? "up" : "down")
        + " stabilization window)";
  }

  private static String edges(int n) {
    return n == 1 ? "1 edge" : n + " edges";
  }

  private static String change(int from, int to) {
    return from == to ? "keeping " + edges(to) : "scaling " + from + " -> " + edges(to);
  }
}
