package io.streamcluster.media.edge;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * Exponential backoff with jitter: the n-th wait is {@code initial × 2^n}, capped at {@code max},
 * then moved randomly by up to ± {@code jitter} of itself and capped at {@code max} again. Not
 * thread-safe; each stream's pull has its own.
 */
public final class Backoff {

  private final long initialNanos;
  private final long maxNanos;
  private final double jitter;
  private final DoubleSupplier random;
  private int attempts;

  /**
   * @param random uniform values in [0, 1)
   */
  public Backoff(Duration initial, Duration max, double jitter, DoubleSupplier random) {
    this.initialNanos = initial.toNanos();
    this.maxNanos = max.toNanos();
    this.jitter = jitter;
    this.random = random;
  }

  /** The wait before the next attempt; each call doubles the base until it reaches the maximum. */
  public Duration next() {
    long base = maxNanos;
    // 2^62 nanoseconds is far past any sensible maximum: stop shifting before it overflows.
    if (attempts < 62 && initialNanos <= maxNanos >> attempts) {
      base = Math.min(maxNanos, initialNanos << attempts);
    }
    attempts++;
    double factor = 1 + jitter * (2 * random.getAsDouble() - 1);
    return Duration.ofNanos(Math.min(maxNanos, Math.max(0, Math.round(base * factor))));
  }

  /** Starts over from the initial wait (after a success). */
  public void reset() {
    attempts = 0;
  }

  /** Waits handed out since the last reset. */
  public int attempts() {
    return attempts;
  }
}
