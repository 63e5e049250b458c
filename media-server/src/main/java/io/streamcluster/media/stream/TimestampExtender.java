package io.streamcluster.media.stream;

/**
 * Turns a sender's 32-bit millisecond timestamps into a 64-bit clock that keeps counting past the
 * wrap at 2^32 (about 49.7 days). A step of more than half the range counts as a wrap in that
 * direction, so audio slightly behind video across the wrap stays behind it.
 */
final class TimestampExtender {

  private static final long RANGE = 1L << 32;
  private static final long HALF = 1L << 31;

  private long epoch;
  private long last = -1;

  long extend(long timestamp32) {
    long ts = timestamp32 & 0xFFFFFFFFL;
    if (last >= 0) {
      if (ts < last && last - ts > HALF) {
        epoch += RANGE;
      } else if (ts > last && ts - last > HALF && epoch > 0) {
        // A late message from before the wrap; the clock stays where it is.
        return epoch - RANGE + ts;
      }
    }
    last = ts;
    return epoch + ts;
  }
}
