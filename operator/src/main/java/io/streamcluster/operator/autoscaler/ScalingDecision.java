package io.streamcluster.operator.autoscaler;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One decision of the {@link Autoscaler}.
 *
 * @param time when it was taken (the autoscaler's clock)
 * @param currentEdges the edges there were
 * @param subscribers the subscribers counted over all edges, empty when they could not be read
 * @param recommendedEdges what the load alone asks for, before stabilization, policies and bounds
 * @param desiredEdges what the edges should be set to now
 * @param reason why {@code desiredEdges} is what it is
 * @param message the same for a person: numbers included, fit for a condition or an event
 * @param signals what the decision looked at beyond the subscribers: for status and metrics
 */
public record ScalingDecision(
    Instant time,
    int currentEdges,
    OptionalLong subscribers,
    int recommendedEdges,
    int desiredEdges,
    Reason reason,
    String message,
    Signals signals) {

  public ScalingDecision {
    Objects.requireNonNull(signals, "signals");
  }

  /** A decision on the subscribers alone. */
  public ScalingDecision(
      Instant time,
      int currentEdges,
      OptionalLong subscribers,
      int recommendedEdges,
      int desiredEdges,
      Reason reason,
      String message) {
    this(
        time,
        currentEdges,
        subscribers,
        recommendedEdges,
        desiredEdges,
        reason,
        message,
        Signals.NONE);
  }

  /**
   * The autoscaler's inputs and intermediate results beyond HPA's, so that a dashboard can show why
   * it did what it did.
   *
   * @param waitingViewers viewers the origins held for an edge with room
   * @param joinRatePerSecond how fast the demand grew over the last sync periods
   * @param edgeStartup how long a new edge takes to check in, as measured (or assumed, see {@code
   *     edgeStartupMeasured})
   * @param edgeStartupMeasured whether {@code edgeStartup} was measured
   * @param predictedEdges the edges the join rate asks for once new edges are ready, or 0 when
   *     scaling up does not look ahead
   * @param schedule the schedule holding edges now, if any
   * @param scheduledEdges the edges it holds, or 0
   * @param pendingEdges edges asked for that have not checked in yet
   */
  public record Signals(
      long waitingViewers,
      double joinRatePerSecond,
      Duration edgeStartup,
      boolean edgeStartupMeasured,
      int predictedEdges,
      Optional<String> schedule,
      int scheduledEdges,
      int pendingEdges) {

    /** Nothing beyond the subscribers was looked at. */
    public static final Signals NONE =
        new Signals(0, 0, Duration.ZERO, false, 0, Optional.empty(), 0, 0);

    public Signals {
      Objects.requireNonNull(edgeStartup, "edgeStartup");
      Objects.requireNonNull(schedule, "schedule");
    }
  }

  /** Why a decision came out as it did; names fit a Kubernetes condition's or event's reason. */
  public enum Reason {
    /** More edges, as the load asks for. */
    ScaledUp,
    /** Fewer edges, as the load (over the stabilization window) asks for. */
    ScaledDown,
    /** The load is close enough to the target: no change. */
    WithinTolerance,
    /** The load asks for exactly the edges there are. */
    AtTarget,
    /** The stabilization window holds the edges back from following the load (yet). */
    Stabilized,
    /** A scaling policy limits how fast the edges may change. */
    LimitedByPolicy,
    /** The load asks for more than {@code maxEdges}. */
    LimitedByMax,
    /** The load asks for fewer than {@code minEdges}. */
    LimitedByMin,
    /** The load asks for fewer than a capacity schedule holds now. */
    LimitedBySchedule,
    /** The select policy for this direction is {@code Disabled}. */
    ScalingDisabled,
    /** The subscriber counts could not be read: the edges stay as they are. */
    MetricsUnavailable
  }

  public boolean scalesUp() {
    return desiredEdges > currentEdges;
  }

  public boolean scalesDown() {
    return desiredEdges < currentEdges;
  }

  public boolean changesEdges() {
    return desiredEdges != currentEdges;
  }

  /** True when something other than the load decided the number: a bound or a policy. */
  public boolean limited() {
    return reason == Reason.LimitedByPolicy
        || reason == Reason.LimitedByMax
        || reason == Reason.LimitedByMin
        || reason == Reason.LimitedBySchedule
        || reason == Reason.ScalingDisabled;
  }
}
