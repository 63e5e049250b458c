package io.streamcluster.media.hls;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What one stream's HLS rendition holds right now: its initialization sections, the complete
 * segments of the sliding window, the segment being filled with parts, and the sizes players are
 * told (target duration, part target). Every change bumps {@link #version()}, which is how waiting
 * requests and cached playlists notice. Only touched on its stream's event loop.
 */
final class Rendition {

  /** Complete segments stay listed for at least this many target durations. */
  static final int WINDOW_TARGET_DURATIONS = 10;

  /** Delta updates skip what lies beyond this many target durations (the spec's minimum). */
  static final int SKIP_TARGET_DURATIONS = 6;

  /** Parts are listed for segments this close to the live edge, in target durations. */
  static final int PARTS_TARGET_DURATIONS = 3;

  private final String run;
  private final ByteBufAllocator alloc;
  private final List<HlsInit> inits = new ArrayList<>();
  private final List<HlsSegment> segments = new ArrayList<>();
  private final Map<Long, HlsPart> parts = new HashMap<>();
  private HlsSegment open;
  private long nextMsn;
  private long nextPartIndex;
  private long discontinuitySequence;
  private int targetDurationSeconds;
  private long partTargetMillis;
  private long version;
  private boolean ended;

  /**
   * @param run names this rendition in its URIs, so that a later one of the same stream (after the
   *     packager stopped and started again) never reuses a URI a cache may hold
   */
  Rendition(String run, ByteBufAllocator alloc) {
    this.run = run;
    this.alloc = alloc;
  }

  String run() {
    return run;
  }

  long version() {
    return version;
  }

  /** Whether players can be given a playlist: the sizes are known and a segment exists. */
  boolean isReady() {
    return targetDurationSeconds > 0 && (!segments.isEmpty() || open != null);
  }

  boolean isEnded() {
    return ended;
  }

  int targetDurationSeconds() {
    return targetDurationSeconds;
  }

  long partTargetMillis() {
    return partTargetMillis;
  }

  /** Fixes the sizes once the first segment has shown the stream's GOP and frame rate. */
  void sizes(int targetDurationSeconds, long partTargetMillis) {
    this.targetDurationSeconds = targetDurationSeconds;
    this.partTargetMillis = partTargetMillis;
    version++;
  }

  HlsInit addInit(Tracks tracks) {
    HlsInit init = new HlsInit(inits.size(), tracks, InitSegment.write(alloc, tracks));
    inits.add(init);
    return init;
  }

  /** Starts the next segment; its first part comes with {@link #addPart}. */
  HlsSegment beginSegment(
      HlsInit init, boolean discontinuity, long programDateTime, boolean hasParts) {
    if (open != null) {
      throw new IllegalStateException("segment " + open.msn + " is still open");
    }
    open = new HlsSegment(nextMsn++, init, discontinuity, programDateTime, hasParts);
    return open;
  }

  /** Adds a fragment to the open segment, taking over {@code data}. */
  void addPart(long durationMillis, boolean independent, ByteBuf data) {
    HlsSegment segment = open;
    long index = segment.hasParts ? nextPartIndex++ : -1;
    HlsPart part =
        new HlsPart(index, segment.msn, segment.parts().size(), durationMillis, independent, data);
    segment.add(part);
    if (segment.hasParts) {
      parts.put(index, part);
      version++;
    }
  }

  /** Completes the open segment (if it has any part) and lets the window slide. */
  void completeSegment() {
    HlsSegment segment = open;
    if (segment == null) {
      return;
    }
    open = null;
    if (segment.parts().isEmpty()) {
      nextMsn--; // never listed: its number goes to the next one
      return;
    }
    segment.complete(alloc);
    segments.add(segment);
    slide();
    version++;
  }

  /** No more segments: the playlist ends ({@code EXT-X-ENDLIST}). */
  void end() {
    completeSegment();
    ended = true;
    version++;
  }

  private void slide() {
    long keepMillis = Math.max(1, targetDurationSeconds) * 1000L * WINDOW_TARGET_DURATIONS;
    long total = 0;
    for (HlsSegment segment : segments) {
      total += segment.durationMillis();
    }
    while (segments.size() > 1 && total - segments.get(0).durationMillis() >= keepMillis) {
      HlsSegment gone = segments.remove(0);
      total -= gone.durationMillis();
      if (gone.discontinuity) {
        discontinuitySequence++; // its EXT-X-DISCONTINUITY leaves the playlist with it
      }
      for (HlsPart part : gone.parts()) {
        parts.remove(part.index());
      }
      gone.release();
    }
    HlsInit oldest = segments.get(0).init;
    while (inits.get(0) != oldest) {
      inits.remove(0).release();
    }
  }

  List<HlsSegment> segments() {
    return segments;
  }

  /** The segment being filled, or null. */
  HlsSegment openSegment() {
    return open;
  }

  long discontinuitySequence() {
    return discontinuitySequence;
  }

  /** The number of the first listed segment. */
  long firstMsn() {
    return segments.isEmpty() ? (open == null ? nextMsn : open.msn) : segments.get(0).msn;
  }

  /** The part the preload hint announces. */
  long nextPartIndex() {
    return nextPartIndex;
  }

  HlsPart part(long index) {
    return parts.get(index);
  }

  HlsSegment completeSegment(long msn) {
    if (segments.isEmpty()) {
      return null;
    }
    long offset = msn - segments.get(0).msn;
    return offset >= 0 && offset < segments.size() ? segments.get((int) offset) : null;
  }

  HlsInit init(int index) {
    for (HlsInit init : inits) {
      if (init.index() == index) {
        return init;
      }
    }
    return null;
  }

  /**
   * Whether a playlist now satisfies {@code _HLS_msn} and {@code _HLS_part} (-1: none): the segment
   * is complete, or the part (or a later one) is listed.
   */
  boolean satisfies(long msn, int part) {
    if (ended) {
      return true;
    }
    long lastComplete = segments.isEmpty() ? -1 : segments.get(segments.size() - 1).msn;
    if (part < 0 || lastComplete > msn) {
      return lastComplete >= msn;
    }
    if (lastComplete == msn && part < segments.get(segments.size() - 1).parts().size()) {
      return true;
    }
    if (open == null || !open.hasParts || open.parts().isEmpty()) {
      return false;
    }
    return open.msn > msn || (open.msn == msn && open.parts().size() > part);
  }

  /** The media sequence number of the newest listed segment or part, for blocking bounds. */
  long lastMsn() {
    if (open != null) {
      return open.msn;
    }
    return segments.isEmpty() ? nextMsn - 1 : segments.get(segments.size() - 1).msn;
  }

  /** Releases every buffer. */
  void release() {
    if (open != null) {
      open.release();
      open = null;
    }
    for (HlsSegment segment : segments) {
      segment.release();
    }
    segments.clear();
    parts.clear();
    for (HlsInit init : inits) {
      init.release();
    }
    inits.clear();
  }
}
