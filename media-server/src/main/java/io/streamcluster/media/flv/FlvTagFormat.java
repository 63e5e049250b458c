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

  static final int TAG_HEADER_BYTES = 11;

  private FlvTagFormat() {}

  @Override
  public ByteBuf encode(ByteBufAllocator alloc, MediaFrame frame) {
    ByteBuf payload = frame.payload();
    int size = payload.readableBytes();
    ByteBuf out = alloc.directBuffer(TAG_HEADER_BYTES + size + 4);
    long ts = frame.timestamp() & 0xFFFFFFFFL;
    out.writeByte(frame.kind().typeId());
    out.writeMedium(size);
    out.writeMedium((int) (ts & 0xFFFFFF));
    out.writeByte((int) (ts >>> 24));
    out.writeMedium(0); // stream id, always 0
    out.writeBytes(payload, payload.readerIndex(), size);
    out.writeInt(TAG_HEADER_BYTES + size);
    return out;
  }

  /** The 9-byte FLV file header and PreviousTagSize0, announcing audio and video. */
  public static ByteBuf fileHeader(ByteBufAllocator alloc) {
    ByteBuf out = alloc.buffer(13);
    out.writeByte('F').writeByte('L').writeByte('V');
    out.writeByte(1); // version
    out.writeByte(0x05); // audio and video present
    out.writeInt(9); // header size
    out.writeInt(0); // PreviousTagSize0
    return out;
  }
}
