package io.streamcluster.operator.surge;

import java.util.List;

/**
 * How many viewers want to watch, second by second: straight lines between points. Viewers who want
 * to watch and are not on an edge are waiting (or have given up).
 *
 * @param name how tables call it
 * @param eventStart seconds into the run at which the event starts (where a schedule would put it)
 * @param peakEnd seconds into the run at which viewers start to leave
 * @param points (second, viewers) pairs, by second
 */
record AudienceCurve(String name, double eventStart, double peakEnd, List<double[]> points) {

  static final double IDLE = 1_000;
  static final double PEAK = 20_000;

  /** Idle before the event, so that a schedule's lead falls inside the run. */
  static final double IDLE_SECONDS = 900;

  static final double PEAK_SECONDS = 1_200;
  static final double LEAVE_SECONDS = 300;
  static final double AFTER_SECONDS = 900;

  /** 1,000 viewers, then 20,000 within {@code seconds} (evenly), 20 minutes, then they leave. */
  static AudienceCurve ramp(int seconds) {
    double start = IDLE_SECONDS;
    double peak = start + seconds;
    double peakEnd = peak + PEAK_SECONDS;
    return new AudienceCurve(
        "1,000 → 20,000 in " + seconds + " s",
        start,
        peakEnd,
        List.of(
            new double[] {0, IDLE},
            new double[] {start, IDLE},
            new double[] {peak, PEAK},
            new double[] {peakEnd, PEAK},
            new double[] {peakEnd + LEAVE_SECONDS, IDLE},
            new double[] {peakEnd + LEAVE_SECONDS + AFTER_SECONDS, IDLE}));
  }

  /**
   * A scheduled start announced by a push notification: 12,000 arrive within 20 s of the start, the
   * rest of the 20,000 over the next three minutes; 20 minutes; then they leave.
   */
  static AudienceCurve flashCrowd() {
    double start = IDLE_SECONDS;
    double peakEnd = start + 200 + PEAK_SECONDS;
    return new AudienceCurve(
        "flash crowd at the start",
        start,
        peakEnd,
        List.of(
            new double[] {0, IDLE},
            new double[] {start, IDLE},
            new double[] {start + 20, 13_000},
            new double[] {start + 200, PEAK},
            new double[] {peakEnd, PEAK},
            new double[] {peakEnd + LEAVE_SECONDS, IDLE},
            new double[] {peakEnd + LEAVE_SECONDS + AFTER_SECONDS, IDLE}));
  }

  double end() {
    return points.get(points.size() - 1)[0];
  }

  /** The viewers who want to watch at {@code second}. */
  double viewersAt(double second) {
    if (second <= points.get(0)[0]) {
      return points.get(0)[1];
    }
    for (int i = 1; i < points.size(); i++) {
      double[] to = points.get(i);
      if (second <= to[0]) {
        double[] from = points.get(i - 1);
        double span = to[0] - from[0];
        return span <= 0 ? to[1] : from[1] + (to[1] - from[1]) * (second - from[0]) / span;
      }
    }
    return points.get(points.size() - 1)[1];
  }
}
