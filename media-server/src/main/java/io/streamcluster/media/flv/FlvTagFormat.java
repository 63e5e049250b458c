package io.streamcluster.media.flv;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.streamcluster.media.stream.FrameFormat;
import io.streamcluster.media.stream.MediaFrame;

/**
 * Frames as FLV tags (FLV specification 10.1, annex E): an 11-byte tag header, the body, and the
 * 4-byte size of the tag just written, so a tag can be appended to any FLV body.
 */
public final class FlvTagFormat implements FrameFormat {

  public static final FlvTagFormat INSTANCE = new FlvTagFormat();

  private FlvTagFormat() {}

  @Override
  public ByteBuf encode(ByteBufAllocator alloc, MediaFrame frame) {
    ByteBuf out = alloc.directBuffer(bytes(frame));
    write(out, frame);
    return out;
  }

  /** The bytes of the frame's tag with its PreviousTagSize. */
  static int bytes(MediaFrame frame) {
    return FlvTagHeader.BYTES
        + frame.payload().readableBytes()
        + FlvTagHeader.PREVIOUS_TAG_SIZE_BYTES;
  }

  /** Writes the frame's tag (header and payload) and its PreviousTagSize. */
  static void write(ByteBuf out, MediaFrame frame) {
    ByteBuf payload = frame.payload();
    int size = payload.readableBytes();
    FlvTagHeader.write(out, frame.kind().typeId(), size, frame.timestamp());
    out.writeBytes(payload, payload.readerIndex(), size);
    out.writeInt(FlvTagHeader.BYTES + size);
  }

  /** The 9-byte FLV file header and PreviousTagSize0, announcing audio and video. */
  public static ByteBuf fileHeader(ByteBufAllocator alloc) {
    ByteBuf out = alloc.buffer(FlvFileHeader.BYTES + FlvTagHeader.PREVIOUS_TAG_SIZE_BYTES);
    FlvFileHeader.write(out);
    out.writeInt(0); // PreviousTagSize0
    return out;
  }
}
