package io.streamcluster.operator.autoscaler;

import java.time.Duration;
import java.util.Objects;

/**
 * Scaling up for where the load will be, not where it is. Edges asked for now serve viewers only
 * once they have started; by then the viewers joining at the current rate have arrived, and the
 * edges must still have room for one more start-up time of joins, or the next scale-up comes too
 * late again. So the autoscaler asks for the edges that carry {@code demand + 2 × joinRate ×
 * startup} at the target, measuring the start-up time as it goes. Scale-in is not affected.
 *
 * @param assumedStartup the start-up time to plan with until one has been measured
 */
public record PredictiveScaleUp(Duration assumedStartup) {

  public PredictiveScaleUp {
    Objects.requireNonNull(assumedStartup, "assumedStartup");
    if (assumedStartup.isNegative() || assumedStartup.compareTo(Duration.ofHours(1)) > 0) {
      throw new IllegalArgumentException(
          "the assumed edge start-up must be within [0, 1 h]: " + assumedStartup);
    }
  }

  /** The assumption before anything was measured: a pod on a node that has the image. */
  public static final Duration DEFAULT_ASSUMED_STARTUP = Duration.ofSeconds(30);

  /** The subscribers to provide for: the demand then, and room for the joins after it. */
  static double plannedDemand(long demand, double joinRatePerSecond, Duration startup) {
    return demand + 2 * joinRatePerSecond * startup.toMillis() / 1000.0;
  }
}
