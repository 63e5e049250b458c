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
  private final ArrivalMatcher hopLatency;
  private final ArrivalMatcher addedLatency;

  SubscriberStats(int id, LoadCounters counters) {
    this(id, counters, null, false, null);
  }

  SubscriberStats(int id, LoadCounters counters, HopReference hop, boolean isReference) {
    this(id, counters, hop, isReference, null);
  }

  /**
   * @param hop the reference arrivals at the origin, or null when the hop is not measured
   * @param isReference whether this subscriber records the arrivals (it plays the origin) rather
   *     than measures against them
   * @param ingest the frames' arrivals at the server (from the ingest relay), or null when the
   *     latency the servers add is not measured
   */
  SubscriberStats(
      int id, LoadCounters counters, HopReference hop, boolean isReference, HopReference ingest) {
    this.id = id;
    this.counters = counters;
    this.hop = hop;
    this.isReference = isReference;
    this.hopLatency = hop != null && !isReference ? new ArrivalMatcher(hop) : null;
    this.addedLatency = ingest != null && !isReference ? new ArrivalMatcher(ingest) : null;
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
    if (typeId == 9) {
      onVideoForLatency(timestamp, now);
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

  private void onVideoForLatency(long timestamp, long now) {
    if (isReference) {
      hop.record(timestamp, now);
    } else if (windowOpen) {
      if (hopLatency != null) {
        hopLatency.onVideo(timestamp, now);
      }
      if (addedLatency != null) {
        addedLatency.onVideo(timestamp, now);
      }
    }
  }

  /** What the hop added to each video frame in the window, in nanoseconds; null without a hop. */
  HopReference.Samples hopNanos() {
    return hopLatency == null ? null : hopLatency.samples();
  }

  /**
   * Video frames in the window that could not be matched: the reference went past their timestamp
   * without having it (or had already let it go), or had not received it by the window's end.
   */
  long hopUnmatched() {
    return hopLatency == null ? 0 : hopLatency.unmatched();
  }

  /**
   * From each video frame's arrival at the server (the ingest relay's clock reading) to its arrival
   * here, in nanoseconds; null when not measured.
   */
  HopReference.Samples addedNanos() {
    return addedLatency == null ? null : addedLatency.samples();
  }

  long addedUnmatched() {
    return addedLatency == null ? 0 : addedLatency.unmatched();
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
    if (windowOpen) {
      if (hopLatency != null) {
        hopLatency.close();
      }
      if (addedLatency != null) {
        addedLatency.close();
      }
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
