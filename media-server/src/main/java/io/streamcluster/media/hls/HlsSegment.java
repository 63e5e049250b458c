package io.streamcluster.media.hls;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;
import java.util.ArrayList;
import java.util.List;

/**
 * A media segment: its parts, in order, and, once complete, all of them as one buffer. Starts on a
 * keyframe unless a GOP outgrew the target duration. Only touched on its stream's event loop.
 */
final class HlsSegment {

  final long msn;
  final HlsInit init;
  final boolean discontinuity;

  /**
   * Epoch milliseconds of its first sample, or {@link
   * io.streamcluster.media.stream.LiveStream#NO_CLOCK}.
   */
  final long programDateTime;

  /** Whether its parts are listed: not for a first segment that began before parts were sized. */
  final boolean hasParts;

  private final List<HlsPart> parts = new ArrayList<>();
  private long durationMillis;
  private ByteBuf whole;

  HlsSegment(
      long msn, HlsInit init, boolean discontinuity, long programDateTime, boolean hasParts) {
    this.msn = msn;
    this.init = init;
    this.discontinuity = discontinuity;
    this.programDateTime = programDateTime;
    this.hasParts = hasParts;
  }

  void add(HlsPart part) {
    parts.add(part);
    durationMillis += part.durationMillis();
  }

  List<HlsPart> parts() {
    return parts;
  }

  long durationMillis() {
    return durationMillis;
  }

  boolean isComplete() {
    return whole != null;
  }

  /** Joins the parts into the segment's body, which shares their memory. */
  void complete(ByteBufAllocator alloc) {
    CompositeByteBuf body = alloc.compositeDirectBuffer(Math.max(2, parts.size()));
    for (HlsPart part : parts) {
      body.addComponent(true, part.data().retainedDuplicate());
    }
    whole = body;
  }

  /** The complete segment's bytes; belongs to the segment. */
  ByteBuf body() {
    return whole;
  }

  void release() {
    for (HlsPart part : parts) {
      part.release();
    }
    parts.clear();
    if (whole != null) {
      whole.release();
      whole = null;
    }
  }
}
