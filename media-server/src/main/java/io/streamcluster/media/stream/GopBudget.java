package io.streamcluster.media.stream;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The bytes of media the GOP caches of all streams may hold together. A stream whose GOP does not
 * fit drops it and starts again at its next keyframe, as it does when its own GOP grows too long;
 * its players still get every frame live. Thread-safe.
 */
public final class GopBudget {

  /** No bound across streams. */
  public static final long UNBOUNDED = Long.MAX_VALUE;

  private final long maxBytes;
  private final AtomicLong used = new AtomicLong();

  public GopBudget(long maxBytes) {
    this.maxBytes = maxBytes;
  }

  /** Takes {@code bytes} from the budget; false, taking nothing, when they do not fit. */
  boolean tryReserve(long bytes) {
    while (true) {
      long now = used.get();
      if (now + bytes > maxBytes) {
        return false;
      }
      if (used.compareAndSet(now, now + bytes)) {
        return true;
      }
    }
  }

  void release(long bytes) {
    used.addAndGet(-bytes);
  }

  /** Bytes held by all GOP caches now. */
  public long usedBytes() {
    return used.get();
  }

  public long maxBytes() {
    return maxBytes;
  }
}
