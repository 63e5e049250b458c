package io.streamcluster.media.limits;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;

/**
 * Logs refusals without letting a flood of them flood the log: per reason, the first one in each
 * second is logged with the number of that reason's refusals left unlogged since the last line.
 * Every refusal is still counted by {@link Refusals}. Thread-safe.
 */
public final class RefusalLog {

  private static final long INTERVAL_NANOS = 1_000_000_000L;

  private final Logger log;
  private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();

  public RefusalLog(Logger log) {
    this.log = log;
  }

  /** Logs "Refusing {what}: {why}" unless this reason was logged less than a second ago. */
  public void refused(String reason, Object what, String why) {
    Window window = windows.computeIfAbsent(reason, r -> new Window());
    long now = System.nanoTime();
    long last = window.lastLogged.get();
    if (last != 0 && now - last < INTERVAL_NANOS) {
      window.suppressed.incrementAndGet();
      return;
    }
    if (!window.lastLogged.compareAndSet(last, now)) {
      window.suppressed.incrementAndGet();
      return;
    }
    long suppressed = window.suppressed.getAndSet(0);
    if (suppressed > 0) {
      log.warn(
          "Refusing {}: {} ({} more refused for {} since the last line)",
          what,
          why,
          suppressed,
          reason);
    } else {
      log.warn("Refusing {}: {}", what, why);
    }
  }

  private static final class Window {
    final AtomicLong lastLogged = new AtomicLong();
    final AtomicLong suppressed = new AtomicLong();
  }
}
