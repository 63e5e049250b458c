package io.streamcluster.media.rtmp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/** Hand-built chunk streams, for inputs that the encoder never produces (fmt 1, 2, 3 headers). */
final class ChunkBytes {

  private final ByteBuf bytes = Unpooled.buffer();

  ChunkBytes basicHeader(int fmt, int csid) {
    if (csid < 64) {
      bytes.writeByte(fmt << 6 | csid);
    } else if (csid < 320) {
      bytes.writeByte(fmt << 6).writeByte(csid - 64);
    } else {
      bytes.writeByte(fmt << 6 | 1).writeShortLE(csid - 64);
    }
    return this;
  }

  ChunkBytes fmt0(int csid, long timestamp, int length, int typeId, int msid) {
    basicHeader(0, csid);
    bytes.writeMedium((int) Math.min(timestamp, 0xFFFFFF)).writeMedium(length).writeByte(typeId);
    bytes.writeIntLE(msid);
    return extendedIfNeeded(timestamp);
  }

  ChunkBytes fmt1(int csid, long delta, int length, int typeId) {
    basicHeader(1, csid);
    bytes.writeMedium((int) Math.min(delta, 0xFFFFFF)).writeMedium(length).writeByte(typeId);
    return extendedIfNeeded(delta);
  }

  ChunkBytes fmt2(int csid, long delta) {
    basicHeader(2, csid);
    bytes.writeMedium((int) Math.min(delta, 0xFFFFFF));
    return extendedIfNeeded(delta);
  }

  ChunkBytes fmt3(int csid) {
    return basicHeader(3, csid);
  }

  /**
   * A whole message cut into chunks of {@code chunkSize}: a type 0 header, then a type 3 header
   * before each further chunk, which repeats an extended timestamp only when {@code
   * repeatExtendedTimestamp} (the specification repeats it; some encoders do not).
   */
  ChunkBytes message(
      int csid,
      long timestamp,
      int typeId,
      int msid,
      byte[] payload,
      int chunkSize,
      boolean repeatExtendedTimestamp) {
    fmt0(csid, timestamp, payload.length, typeId, msid);
    payload(payload, 0, Math.min(chunkSize, payload.length));
    for (int from = chunkSize; from < payload.length; from += chunkSize) {
      fmt3(csid);
      if (repeatExtendedTimestamp && timestamp >= 0xFFFFFF) {
        int32(timestamp);
      }
      payload(payload, from, Math.min(from + chunkSize, payload.length));
    }
    return this;
  }

  ChunkBytes int32(long value) {
    bytes.writeInt((int) value);
    return this;
  }

  ChunkBytes payload(byte[] payload, int from, int to) {
    bytes.writeBytes(payload, from, to - from);
    return this;
  }

  ChunkBytes payload(byte[] payload) {
    bytes.writeBytes(payload);
    return this;
  }

  ByteBuf build() {
    return bytes;
  }

  private ChunkBytes extendedIfNeeded(long timestamp) {
    if (timestamp >= 0xFFFFFF) {
      bytes.writeInt((int) timestamp);
    }
    return this;
  }
}
