package io.streamcluster.media.hls;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/**
 * Writes nested ISO BMFF boxes (ISO/IEC 14496-12 4.2) into a buffer: {@link #begin} writes a size
 * placeholder and the type, {@link #end} fills in the size of the box being closed.
 */
final class BoxWriter {

  private final ByteBuf out;
  private final int[] starts = new int[12];
  private int depth;

  BoxWriter(ByteBuf out) {
    this.out = out;
  }

  ByteBuf out() {
    return out;
  }

  BoxWriter begin(String type) {
    starts[depth++] = out.writerIndex();
    out.writeInt(0);
    out.writeCharSequence(type, StandardCharsets.US_ASCII);
    return this;
  }

  /** A FullBox: a box with a version and 24 bits of flags. */
  BoxWriter beginFull(String type, int version, int flags) {
    begin(type);
    out.writeInt((version << 24) | (flags & 0xFFFFFF));
    return this;
  }

  BoxWriter end() {
    int start = starts[--depth];
    out.setInt(start, out.writerIndex() - start);
    return this;
  }

  BoxWriter u8(int value) {
    out.writeByte(value);
    return this;
  }

  BoxWriter u16(int value) {
    out.writeShort(value);
    return this;
  }

  BoxWriter u24(int value) {
    out.writeMedium(value);
    return this;
  }

  BoxWriter u32(long value) {
    out.writeInt((int) value);
    return this;
  }

  BoxWriter u64(long value) {
    out.writeLong(value);
    return this;
  }

  BoxWriter zeros(int count) {
    out.writeZero(count);
    return this;
  }

  BoxWriter bytes(byte[] value) {
    out.writeBytes(value);
    return this;
  }

  BoxWriter ascii(String value) {
    out.writeCharSequence(value, StandardCharsets.US_ASCII);
    return this;
  }

  /** The unity transformation matrix of mvhd and tkhd. */
  BoxWriter unityMatrix() {
    return u32(0x00010000)
        .u32(0)
        .u32(0)
        .u32(0)
        .u32(0x00010000)
        .u32(0)
        .u32(0)
        .u32(0)
        .u32(0x40000000);
  }
}
