package io.streamcluster.operator.surge;

import io.streamcluster.operator.autoscaler.AutoscalerConfig;
import io.streamcluster.operator.autoscaler.CapacitySchedule;
import io.streamcluster.operator.autoscaler.PredictiveScaleUp;
import io.streamcluster.operator.autoscaler.ScalingBehavior;
import io.streamcluster.operator.scaleloop.OverflowPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.BiFunction;

/**
 * One way to run the edges through a surge: the autoscaler's config (made per curve, since a
 * schedule names the event's times), what the origins' rotation does, and whether the origins take
 * the scaling loop's advice at all (today's origins do not: no target, no hold, no expected edges).
 */
record SurgePolicy(
    String name,
    BiFunction<AudienceCurve, Instant, AutoscalerConfig> config,
    OverflowPolicy overflow,
    boolean originsTakeAdvice) {

  static final int MIN_EDGES = 2;
  static final int MAX_EDGES = 50;
  static final long TARGET = 1_500;

  static AutoscalerConfig hpa() {
    return AutoscalerConfig.of(MIN_EDGES, MAX_EDGES, TARGET);
  }

  static AutoscalerConfig predictive() {
    return hpa()
        .withBehavior(
            ScalingBehavior.HPA_DEFAULT.withPredictive(
                new PredictiveScaleUp(PredictiveScaleUp.DEFAULT_ASSUMED_STARTUP)));
  }

  /** Room for the peak from ten minutes before the start until the viewers start leaving. */
  static CapacitySchedule scheduleFor(AudienceCurve curve, Instant runStart) {
    Instant start = runStart.plusMillis((long) (curve.eventStart() * 1000));
    return new CapacitySchedule(
        "launch",
        start,
        start.minus(Duration.ofMinutes(10)),
        runStart.plusMillis((long) (curve.peakEnd() * 1000)),
        0,
        (long) AudienceCurve.PEAK);
  }

  /** Today's: HPA's default behavior, origins that fill edges to the cap and then answer 503. */
  static final SurgePolicy TODAY =
      new SurgePolicy("HPA default (today)", (c, t) -> hpa(), OverflowPolicy.DEFAULT, false);

  /** HPA's default behavior with the new rotation: target first, overflow, hold, Retry-After. */
  static final SurgePolicy HPA_WITH_ROTATION =
      new SurgePolicy("HPA default + rotation", (c, t) -> hpa(), OverflowPolicy.DEFAULT, true);

  static final SurgePolicy PREDICTIVE =
      new SurgePolicy(
          "predictive + rotation", (c, t) -> predictive(), OverflowPolicy.DEFAULT, true);

  /** HPA's default behavior, and a schedule that holds room for the peak around the event. */
  static final SurgePolicy SCHEDULE =
      new SurgePolicy(
          "schedule + rotation",
          (c, t) -> hpa().withSchedules(List.of(scheduleFor(c, t))),
          OverflowPolicy.DEFAULT,
          true);

  static final SurgePolicy PREDICTIVE_SCHEDULE =
      new SurgePolicy(
          "predictive + schedule",
          (c, t) -> predictive().withSchedules(List.of(scheduleFor(c, t))),
          OverflowPolicy.DEFAULT,
          true);
}
