package io.streamcluster.media.stream;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.AbstractReferenceCounted;
import java.util.List;

/**
 * The frames one fan-out hands to every subscriber group at once. Besides the frames it keeps, per
 * wire format, their encodings laid end to end in one buffer, made on first use and shared: a
 * player that is keeping up gets the whole batch as one write. Reference counted; the frames and
 * the encodings are released with the last reference.
 */
public final class FrameBatch extends AbstractReferenceCounted {

  private final List<MediaFrame> frames;
  private final Encodings encodings = new Encodings();

  /** Takes over one reference to each frame. */
  FrameBatch(List<MediaFrame> frames) {
    this.frames = List.copyOf(frames);
  }

  public List<MediaFrame> frames() {
    return frames;
  }

  /**
   * Every frame of the batch in the given format, one after the other, encoded once. The result
   * belongs to the batch: callers write a {@code retainedDuplicate()} of it.
   */
  public ByteBuf encoded(FrameFormat format, ByteBufAllocator alloc) {
    ByteBuf cached = encodings.find(format);
    return cached != null ? cached : encodeOnce(format, alloc);
  }

  private synchronized ByteBuf encodeOnce(FrameFormat format, ByteBufAllocator alloc) {
    ByteBuf cached = encodings.find(format);
    return cached != null ? cached : encodings.add(format, join(format, alloc));
  }

  private ByteBuf join(FrameFormat format, ByteBufAllocator alloc) {
    if (frames.size() == 1) {
      return frames.get(0).encoded(format, alloc).retainedSlice();
    }
    int size = 0;
    for (MediaFrame frame : frames) {
      size += frame.encoded(format, alloc).readableBytes();
    }
    ByteBuf joined = alloc.directBuffer(size);
    for (MediaFrame frame : frames) {
      ByteBuf one = frame.encoded(format, alloc);
      joined.writeBytes(one, one.readerIndex(), one.readableBytes());
    }
    return joined;
  }

  @Override
  public FrameBatch retain() {
    super.retain();
    return this;
  }

  @Override
  public FrameBatch touch(Object hint) {
    return this;
  }

  @Override
  protected synchronized void deallocate() {
    for (MediaFrame frame : frames) {
      frame.release();
    }
    encodings.releaseAll();
  }
}
