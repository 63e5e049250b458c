package io.streamcluster.operator.scaleloop;

import io.streamcluster.operator.autoscaler.ScalingDecision;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Where a cluster's autoscaling stands after a sync, for its status.
 *
 * @param decision the latest decision, empty before the first
 * @param lastScaleTime when the autoscaler last changed the edges
 * @param problem why the last sync could not read the load or carry out the decision, if it could
 *     not
 * @param nextSync how long until the next decision is due
 * @param refusedRequests viewers the origins turned away since they started, as last read
 * @param schedules the capacity schedules now
 */
public record ScalingOutcome(
    Optional<ScalingDecision> decision,
    Optional<Instant> lastScaleTime,
    Optional<String> problem,
    Duration nextSync,
    OptionalLong refusedRequests,
    ScheduleOutlook schedules) {

  /** Without the origins' refusals and without schedules. */
  public ScalingOutcome(
      Optional<ScalingDecision> decision,
      Optional<Instant> lastScaleTime,
      Optional<String> problem,
      Duration nextSync) {
    this(decision, lastScaleTime, problem, nextSync, OptionalLong.empty(), ScheduleOutlook.NONE);
  }
}
