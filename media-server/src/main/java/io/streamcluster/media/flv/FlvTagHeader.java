package io.streamcluster.media.flv;

import io.netty.buffer.ByteBuf;

/**
 * The 11 bytes in front of every FLV tag body (FLV specification 10.1, annex E.4.1): the tag type,
 * the body's size, the timestamp (24 bits and an extension byte for the high 8) and a stream id
 * that is always 0. {@link FlvTagFormat} writes them; a reader of FLV (the load tool) reads them
 * where they stand, without copying the body.
 */
public final class FlvTagHeader {

  public static final int BYTES = 11;

  /** Tag types; the same numbers as the RTMP message types of audio, video and AMF0 data. */
  public static final int AUDIO = 8;

  public static final int VIDEO = 9;
  public static final int SCRIPT_DATA = 18;

  /** The size of the tag just ended, after every tag and before the first (PreviousTagSize0). */
  public static final int PREVIOUS_TAG_SIZE_BYTES = 4;

  private FlvTagHeader() {}

  public static void write(ByteBuf out, int tagType, int bodySize, long timestamp) {
    long ts = timestamp & 0xFFFFFFFFL;
    out.writeByte(tagType);
    out.writeMedium(bodySize);
    out.writeMedium((int) (ts & 0xFFFFFF));
    out.writeByte((int) (ts >>> 24));
    out.writeMedium(0); // stream id, always 0
  }

  /** The tag type (8 audio, 9 video, 18 script data) of the header at {@code index}. */
  public static int tagType(ByteBuf in, int index) {
    // The two reserved bits and the filter bit above the type are not part of it.
    return in.getUnsignedByte(index) & 0x1F;
  }

  public static int bodySize(ByteBuf in, int index) {
    return in.getUnsignedMedium(index + 1);
  }

  /** The timestamp in milliseconds, its extension byte above the 24 bits. */
  public static long timestamp(ByteBuf in, int index) {
    return in.getUnsignedMedium(index + 4) | (long) in.getUnsignedByte(index + 7) << 24;
  }
}
