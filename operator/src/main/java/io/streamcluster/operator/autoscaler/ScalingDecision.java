package io.streamcluster.operator.autoscaler;

import java.time.Instant;
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
 */
public record ScalingDecision(
    Instant time,
    int currentEdges,
    OptionalLong subscribers,
    int recommendedEdges,
    int desiredEdges,
    Reason reason,
    String message) {

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
        || reason == Reason.ScalingDisabled;
  }
}
