package io.streamcluster.operator.scaleloop;

import io.streamcluster.operator.autoscaler.AutoscalerConfig;
import io.streamcluster.operator.autoscaler.CapacitySchedule;
import java.time.Instant;
import java.util.Optional;

/**
 * A cluster's capacity schedules as of one moment: the one holding edges and how many (within
 * maxEdges), and the one that begins next.
 */
public record ScheduleOutlook(
    Optional<CapacitySchedule> active, int activeEdges, Optional<CapacitySchedule> next) {

  public static final ScheduleOutlook NONE =
      new ScheduleOutlook(Optional.empty(), 0, Optional.empty());

  public static ScheduleOutlook of(AutoscalerConfig config, Instant now) {
    long target = config.targetSubscribersPerEdge();
    Optional<CapacitySchedule> active =
        CapacitySchedule.strongestAt(config.schedules(), now, target);
    return new ScheduleOutlook(
        active,
        active.map(s -> Math.min(s.edges(target), config.maxEdges())).orElse(0),
        CapacitySchedule.nextAfter(config.schedules(), now));
  }
}
