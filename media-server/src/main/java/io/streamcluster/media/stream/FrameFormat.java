package io.streamcluster.media.stream;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/** A wire format players receive frames in (RTMP chunks, FLV tags). Stateless and shared. */
public interface FrameFormat {

  /** Encodes the frame into a new buffer from {@code alloc}; must not consume the payload. */
  ByteBuf encode(ByteBufAllocator alloc, MediaFrame frame);
}
