package io.streamcluster.media.flv;

import io.netty.buffer.ByteBuf;

/**
 * The header an FLV file or HTTP-FLV body starts with (FLV specification 10.1, annex E.2): the
 * signature "FLV", version 1, which kinds of tags follow, and where the first tag begins.
 */
public final class FlvFileHeader {

  public static final int BYTES = 9;

  private static final int AUDIO = 0x04;
  private static final int VIDEO = 0x01;

  private FlvFileHeader() {}

  /** Writes a header announcing audio and video, the first tag right after it. */
  public static void write(ByteBuf out) {
    out.writeByte('F').writeByte('L').writeByte('V');
    out.writeByte(1); // version
    out.writeByte(AUDIO | VIDEO);
    out.writeInt(BYTES); // data offset
  }

  /** Whether the bytes at {@code index} start with the signature "FLV". */
  public static boolean hasSignature(ByteBuf in, int index) {
    return in.getByte(index) == 'F' && in.getByte(index + 1) == 'L' && in.getByte(index + 2) == 'V';
  }

  /** Where the first tag (its PreviousTagSize0) begins, counted from the header's start. */
  public static long dataOffset(ByteBuf in, int index) {
    return in.getUnsignedInt(index + 5);
  }
}
