package io.streamcluster.load;

/**
 * One subscriber's video frames matched against a reference's arrivals of the same frames (by
 * timestamp): the difference is the latency between the reference point and this subscriber.
 * Written only by the subscriber's event loop.
 *
 * <p>A frame that reaches the subscriber before the reference has it (both sockets were ready in
 * the same pass of the event loop, or the reference's loop was behind) is held, up to {@link
 * #PENDING} of them, and matched once the reference has it, as a small negative sample. A frame the
 * reference went past without having, or had not received when the window closed, is unmatched.
 */
final class ArrivalMatcher {

  static final int PENDING = 16;

  private final HopReference reference;
  private final HopReference.Samples samples = new HopReference.Samples();
  private final long[] pendingTimestamps = new long[PENDING];
  private final long[] pendingArrivals = new long[PENDING];
  private int pending;
  private long unmatched;

  ArrivalMatcher(HopReference reference) {
    this.reference = reference;
  }

  /** The subscriber received the video frame with {@code timestamp} at {@code nanos}. */
  void onVideo(long timestamp, long nanos) {
    resolvePending();
    long arrival = reference.arrival(timestamp);
    if (arrival != HopReference.MISSING) {
      samples.add(nanos - arrival);
    } else if (reference.newest() > timestamp) {
      unmatched++; // The reference is past this frame: it never had it, or let it go.
    } else {
      if (pending == PENDING) {
        unmatched++;
        dropOldestPending();
      }
      pendingTimestamps[pending] = timestamp;
      pendingArrivals[pending] = nanos;
      pending++;
    }
  }

  /** The window closed: frames still waiting for the reference are unmatched. */
  void close() {
    resolvePending();
    unmatched += pending;
    pending = 0;
  }

  /** The latency of each matched frame, in nanoseconds. */
  HopReference.Samples samples() {
    return samples;
  }

  long unmatched() {
    return unmatched;
  }

  private void resolvePending() {
    int kept = 0;
    for (int i = 0; i < pending; i++) {
      long timestamp = pendingTimestamps[i];
      long arrival = reference.arrival(timestamp);
      if (arrival != HopReference.MISSING) {
        samples.add(pendingArrivals[i] - arrival);
      } else if (reference.newest() > timestamp) {
        unmatched++;
      } else {
        pendingTimestamps[kept] = timestamp;
        pendingArrivals[kept] = pendingArrivals[i];
        kept++;
      }
    }
    pending = kept;
  }

  private void dropOldestPending() {
    System.arraycopy(pendingTimestamps, 1, pendingTimestamps, 0, pending - 1);
    System.arraycopy(pendingArrivals, 1, pendingArrivals, 0, pending - 1);
    pending--;
  }
}
