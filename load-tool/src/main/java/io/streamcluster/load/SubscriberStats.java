package io.streamcluster.load;

import java.util.concurrent.TimeUnit;

/**
 * What one subscriber saw. Written only by its channel's event loop; the run reads it after the
 * measurement window has been closed on that loop.
 */
final class SubscriberStats implements MediaSink {

  static final long STALL_NANOS = TimeUnit.SECONDS.toNanos(1);

  /**
   * Gaps over a second within the measurement window, kept with their times (wall clock), for a
   * soak to hold against the publisher's absences.
   */
  private static final int MAX_GAPS = 64;

  /** Wall-clock milliseconds at nanoTime 0, so gap times can be compared across processes. */
  private static final double EPOCH_MILLIS_AT_NANO_ZERO =
      System.currentTimeMillis() - System.nanoTime() / 1e6;

  private final int id;
  private final LoadCounters counters;

  private long connectStartNanos = -1;
  private long readNanos;
  private long bytes;
  private long firstMediaNanos = -1;
  private long firstFrameNanos = -1;
  private long lastMediaNanos = -1;
  private long lastVideoTimestamp = -1;
  private int stalls;
  private long longestGapNanos;
  private long longestGapEndNanos;
  private final java.util.List<java.util.List<Long>> gaps = new java.util.ArrayList<>();
  private boolean connected;
  private boolean disconnected;
  private String failure;
  private EdgeRefusal edgeRefusal;

  /** What a subscriber that got its edge from {@code /cluster} does when the edge refuses it. */
  interface EdgeRefusal {
    /** Asks {@code /cluster} again (the edge refused the play for {@code reason}). */
    void askAgain(String reason);
  }

  private boolean windowOpen;
  private boolean windowClosed;
  private long windowStartNanos;
  private long windowEndNanos;
  private long windowStartBytes;
  private long windowEndBytes;
  private long windowStartVideoTimestamp = -1;
  private long windowEndVideoTimestamp = -1;

  private final HopReference hop;
  private final boolean isReference;
  private final HopReference.Samples hopNanos;
  private long hopUnmatched;
  // Frames that reached this subscriber before the reference had read them (both sockets were
  // ready in the same pass of the event loop, or the reference's loop was behind): timestamp and
  // arrival, matched once the reference has them.
  private final long[] pendingTimestamps = new long[PENDING];
  private final long[] pendingArrivals = new long[PENDING];
  private int pending;

  private static final int PENDING = 16;

  SubscriberStats(int id, LoadCounters counters) {
    this(id, counters, null, false);
  }

  /**
   * @param hop the reference arrivals, or null when the hop is not measured
   * @param isReference whether this subscriber records the arrivals (it plays the origin) rather
   *     than measures against them
   */
  SubscriberStats(int id, LoadCounters counters, HopReference hop, boolean isReference) {
    this.id = id;
    this.counters = counters;
    this.hop = hop;
    this.isReference = isReference;
    this.hopNanos = hop != null && !isReference ? new HopReference.Samples() : null;
  }

  int id() {
    return id;
  }

  void onConnectStart(long nanos) {
    connectStartNanos = nanos;
  }

  void onConnected() {
    connected = true;
    counters.connected.incrementAndGet();
  }

  /** Bytes read from the socket at {@code nanos}; media found in them is stamped with that time. */
  void onBytes(int count, long nanos) {
    readNanos = nanos;
    if (!windowClosed) {
      bytes += count;
      counters.bytes.add(count);
    }
  }

  @Override
  public void onMedia(int typeId, long timestamp, int size, boolean keyframe) {
    if (windowClosed || (typeId != 8 && typeId != 9)) {
      return;
    }
    long now = readNanos;
    if (typeId == 9 && hop != null) {
      onVideoForHop(timestamp, now);
    }
    if (firstMediaNanos < 0) {
      firstMediaNanos = now;
    }
    if (firstFrameNanos < 0) {
      if (typeId == 9 && keyframe) {
        firstFrameNanos = now;
        counters.firstFrames.incrementAndGet();
      }
    } else {
      recordGap(now - lastMediaNanos, now);
    }
    lastMediaNanos = now;
    if (typeId == 9) {
      lastVideoTimestamp = timestamp;
    }
  }

  private void onVideoForHop(long timestamp, long now) {
    if (isReference) {
      hop.record(timestamp, now);
    } else if (windowOpen) {
      resolvePending();
      long reference = hop.arrival(timestamp);
      if (reference != HopReference.MISSING) {
        hopNanos.add(now - reference);
      } else if (hop.newest() > timestamp) {
        hopUnmatched++; // The reference is past this frame: it never had it, or let it go.
      } else {
        if (pending == PENDING) {
          hopUnmatched++;
          dropOldestPending();
        }
        pendingTimestamps[pending] = timestamp;
        pendingArrivals[pending] = now;
        pending++;
      }
    }
  }

  /**
   * Matches frames this subscriber got first against the reference's arrivals (a negative sample);
   * frames the reference has gone past without having them are unmatched.
   */
  private void resolvePending() {
    int kept = 0;
    for (int i = 0; i < pending; i++) {
      long timestamp = pendingTimestamps[i];
      long reference = hop.arrival(timestamp);
      if (reference != HopReference.MISSING) {
        hopNanos.add(pendingArrivals[i] - reference);
      } else if (hop.newest() > timestamp) {
        hopUnmatched++;
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

  /** What the hop added to each video frame in the window, in nanoseconds; null without a hop. */
  HopReference.Samples hopNanos() {
    return hopNanos;
  }

  /**
   * Video frames in the window that could not be matched: the reference went past their timestamp
   * without having it (or had already let it go), or had not received it by the window's end.
   */
  long hopUnmatched() {
    return hopUnmatched;
  }

  private void recordGap(long gap, long endNanos) {
    if (gap > longestGapNanos) {
      longestGapNanos = gap;
      longestGapEndNanos = endNanos;
    }
    if (gap > STALL_NANOS) {
      stalls++;
      if (windowOpen && !windowClosed && gaps.size() < MAX_GAPS) {
        long end = Math.round(EPOCH_MILLIS_AT_NANO_ZERO + endNanos / 1e6);
        gaps.add(java.util.List.of(end - gap / 1_000_000, end));
      }
    }
  }

  /** Cluster mode: an edge that refuses this subscriber before it played sends it back. */
  void onEdgeRefusal(EdgeRefusal whenRefused) {
    this.edgeRefusal = whenRefused;
  }

  /**
   * The edge refused this subscriber (or could not be reached) before its first frame: in cluster
   * mode it asks {@code /cluster} again, as a real client does, and the end of this connection is
   * not a drop; true then. False otherwise (the caller records the failure).
   */
  boolean handBack(String reason) {
    if (edgeRefusal == null || firstFrameNanos >= 0 || windowClosed) {
      return false;
    }
    if (connected) {
      connected = false;
      counters.connected.decrementAndGet();
    }
    edgeRefusal.askAgain(reason);
    return true;
  }

  void onFailure(String reason) {
    if (failure == null) {
      failure = reason;
    }
  }

  void onDisconnected() {
    if (windowClosed || disconnected) {
      return;
    }
    disconnected = true;
    if (connected) {
      counters.connected.decrementAndGet();
    }
    counters.disconnects.incrementAndGet();
  }

  void openWindow(long nanos) {
    windowOpen = true;
    windowStartNanos = nanos;
    windowStartBytes = bytes;
    windowStartVideoTimestamp = lastVideoTimestamp;
  }

  void closeWindow(long nanos) {
    if (windowClosed) {
      return;
    }
    windowEndNanos = nanos;
    windowEndBytes = bytes;
    windowEndVideoTimestamp = lastVideoTimestamp;
    if (firstFrameNanos >= 0 && !disconnected) {
      // A stall still going on when the window closes counts too.
      recordGap(nanos - lastMediaNanos, nanos);
    }
    if (hopNanos != null && windowOpen) {
      resolvePending();
      hopUnmatched += pending; // Still not at the reference when the window closed.
      pending = 0;
    }
    windowClosed = true;
  }

  /** The subscriber's figures; call only after {@link #closeWindow} ran on its event loop. */
  LoadReport.SubscriberResult result(double minKbps) {
    double windowSeconds = windowOpen ? (windowEndNanos - windowStartNanos) / 1e9 : 0;
    double kbps =
        windowSeconds > 0 ? (windowEndBytes - windowStartBytes) * 8 / windowSeconds / 1000 : 0;
    Double timeline = null;
    if (windowSeconds > 0 && windowStartVideoTimestamp >= 0 && windowEndVideoTimestamp >= 0) {
      long advancedMs = (windowEndVideoTimestamp - windowStartVideoTimestamp) & 0xFFFFFFFFL;
      timeline = advancedMs / 1000.0 / windowSeconds;
    }
    Double ttffMs =
        firstFrameNanos >= 0 && connectStartNanos >= 0
            ? (firstFrameNanos - connectStartNanos) / 1e6
            : null;
    boolean met =
        windowOpen && !disconnected && firstFrameNanos >= 0 && stalls == 0 && kbps >= minKbps;
    return new LoadReport.SubscriberResult(
        id,
        met,
        ttffMs,
        kbps,
        timeline,
        stalls,
        longestGapNanos / 1e6,
        longestGapNanos > 0 && windowOpen ? (longestGapEndNanos - windowStartNanos) / 1e9 : null,
        bytes,
        disconnected,
        failure,
        gaps.isEmpty() ? null : java.util.List.copyOf(gaps));
  }
}
