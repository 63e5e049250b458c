package io.streamcluster.load;

import java.util.Arrays;

/**
 * When each video frame reached the reference subscriber, keyed by the frame's stream timestamp.
 *
 * <p>The reference plays the stream on the origin; subscribers of the edge look up the arrival of
 * the frame with the same timestamp and record the difference, the latency the edge hop adds.
 * Timestamps arrive in ascending order, so the entries live in a ring kept in that order and are
 * found by binary search; entries more than {@link #KEEP_MILLIS} older than the newest are dropped
 * as new ones arrive. Access is synchronized: the reference and the subscribers may run on
 * different event loops, and with the default single loop the lock is never contended.
 */
final class HopReference {

  static final long KEEP_MILLIS = 10_000;
  static final long MISSING = Long.MIN_VALUE;

  private long[] timestamps = new long[1024];
  private long[] arrivals = new long[1024];
  private int head;
  private int size;

  /** The reference received a video frame with {@code timestamp} (ms) at {@code nanos}. */
  synchronized void record(long timestamp, long nanos) {
    if (size > 0) {
      long newest = timestamps[index(size - 1)];
      if (timestamp == newest) {
        return; // The first arrival of a timestamp counts; a later frame with it adds nothing.
      }
      if (timestamp < newest) {
        // The publisher started over; the old timeline cannot be matched any more.
        head = 0;
        size = 0;
      }
    }
    while (size > 0 && timestamps[head] < timestamp - KEEP_MILLIS) {
      head = (head + 1) % timestamps.length;
      size--;
    }
    if (size == timestamps.length) {
      grow();
    }
    int at = index(size);
    timestamps[at] = timestamp;
    arrivals[at] = nanos;
    size++;
  }

  /** When the reference received the frame with {@code timestamp}, or {@link #MISSING}. */
  synchronized long arrival(long timestamp) {
    int lo = 0;
    int hi = size - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      long t = timestamps[index(mid)];
      if (t < timestamp) {
        lo = mid + 1;
      } else if (t > timestamp) {
        hi = mid - 1;
      } else {
        return arrivals[index(mid)];
      }
    }
    return MISSING;
  }

  /** The newest timestamp the reference has received, or {@link Long#MIN_VALUE}. */
  synchronized long newest() {
    return size == 0 ? Long.MIN_VALUE : timestamps[index(size - 1)];
  }

  synchronized int size() {
    return size;
  }

  private int index(int i) {
    return (head + i) % timestamps.length;
  }

  private void grow() {
    long[] t = new long[timestamps.length * 2];
    long[] a = new long[arrivals.length * 2];
    for (int i = 0; i < size; i++) {
      t[i] = timestamps[index(i)];
      a[i] = arrivals[index(i)];
    }
    timestamps = t;
    arrivals = a;
    head = 0;
  }

  /** A growable array of primitive longs, so that a million samples cost eight bytes each. */
  static final class Samples {
    private long[] values = new long[256];
    private int size;

    void add(long value) {
      if (size == values.length) {
        values = Arrays.copyOf(values, size * 2);
      }
      values[size++] = value;
    }

    int size() {
      return size;
    }

    void addAllTo(Samples other) {
      for (int i = 0; i < size; i++) {
        other.add(values[i]);
      }
    }

    /** A sorted copy of the values. */
    long[] sorted() {
      long[] copy = Arrays.copyOf(values, size);
      Arrays.sort(copy);
      return copy;
    }
  }
}
