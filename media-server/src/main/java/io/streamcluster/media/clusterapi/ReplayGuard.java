package io.streamcluster.media.clusterapi;

import java.time.Clock;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * Refuses a signed cluster API call seen before: every authenticated request's nonce is remembered
 * for as long as its signature could still be accepted ({@link ClusterSecret#skew()} after it was
 * made), so a recorded check-in, drain or cluster-view call cannot be sent again. Only calls that
 * carry a valid signature are remembered, so only a holder of the secret adds to it; it holds at
 * most {@code capacity} nonces and refuses calls beyond that rather than forget one early.
 * Thread-safe.
 */
public final class ReplayGuard {

  /** Enough for 1,000 edges checking in every second with every origin, three times over. */
  public static final int DEFAULT_CAPACITY = 200_000;

  private final Clock clock;
  private final int capacity;
  private final Map<String, Long> seenUntil = new HashMap<>();
  private long nextSweep;

  public ReplayGuard(Clock clock, int capacity) {
    this.clock = clock;
    this.capacity = capacity;
  }

  public ReplayGuard(Clock clock) {
    this(clock, DEFAULT_CAPACITY);
  }

  /** Why the call is refused, or null when its nonce is new (it is remembered from now on). */
  public synchronized String refusal(ClusterSecret.Verification call) {
    long now = clock.instant().getEpochSecond();
    if (now >= nextSweep || seenUntil.size() >= capacity) {
      sweep(now);
    }
    if (seenUntil.containsKey(call.nonce())) {
      return "replayed cluster call (nonce seen before)";
    }
    if (seenUntil.size() >= capacity) {
      return "too many cluster calls in the last minute";
    }
    seenUntil.put(call.nonce(), call.time() + ClusterSecret.skew().toSeconds());
    return null;
  }

  /** How many nonces are remembered now. */
  public synchronized int size() {
    return seenUntil.size();
  }

  private void sweep(long now) {
    for (Iterator<Long> until = seenUntil.values().iterator(); until.hasNext(); ) {
      if (until.next() < now) {
        until.remove();
      }
    }
    nextSweep = now + 1;
  }
}
