package io.streamcluster.media.rtmp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * Splits one RTMP message into chunks: a type 0 header carrying the absolute timestamp, then type 3
 * continuation headers. Every message gets a full header, so the output depends only on the
 * arguments, never on what was sent before; that is what lets the fan-out encode a media message
 * once and hand each player a duplicate of the same bytes.
 *
 * <p>A timestamp at or above 0xFFFFFF goes into the extended timestamp field, which is repeated
 * after every continuation header (as Flash Media Server, librtmp and ffmpeg expect).
 */
public final class RtmpChunks {

  /** The chunk size both sides start with (RTMP specification, section 5.4.1). */
  public static final int DEFAULT_CHUNK_SIZE = 128;

  public static final int MIN_CHUNK_STREAM_ID = 2;
  public static final int MAX_CHUNK_STREAM_ID = 65599;
  static final int EXTENDED_TIMESTAMP_MARK = 0xFFFFFF;

  /** The longest message the 24-bit length field can announce. */
  public static final int MAX_MESSAGE_LENGTH = 0xFFFFFF;

  private RtmpChunks() {}

  /**
   * Encodes a message into one new buffer from {@code alloc}. The payload's reader index and
   * reference count are left alone.
   */
  public static ByteBuf encode(
      ByteBufAllocator alloc,
      int csid,
      int typeId,
      long timestamp,
      int msid,
      ByteBuf payload,
      int chunkSize) {
    ByteBuf out = alloc.buffer(encodedLength(csid, timestamp, payload.readableBytes(), chunkSize));
    try {
      encode(out, csid, typeId, timestamp, msid, payload, chunkSize);
      return out;
    } catch (RuntimeException e) {
      out.release();
      throw e;
    }
  }

  /**
   * Encodes a message into {@code out}; see {@link #encode(ByteBufAllocator, int, int, long, int,
   * ByteBuf, int)}.
   */
  public static void encode(
      ByteBuf out, int csid, int typeId, long timestamp, int msid, ByteBuf payload, int chunkSize) {
    int length = payload.readableBytes();
    checkArguments(csid, length, chunkSize);
    long ts = timestamp & 0xFFFFFFFFL;
    boolean extended = ts >= EXTENDED_TIMESTAMP_MARK;

    writeBasicHeader(out, 0, csid);
    out.writeMedium(extended ? EXTENDED_TIMESTAMP_MARK : (int) ts);
    out.writeMedium(length);
    out.writeByte(typeId);
    out.writeIntLE(msid);
    if (extended) {
      out.writeInt((int) ts);
    }

    int offset = payload.readerIndex();
    int end = offset + length;
    int chunk = Math.min(chunkSize, length);
    out.writeBytes(payload, offset, chunk);
    offset += chunk;
    while (offset < end) {
      writeBasicHeader(out, 3, csid);
      if (extended) {
        out.writeInt((int) ts);
      }
      chunk = Math.min(chunkSize, end - offset);
      out.writeBytes(payload, offset, chunk);
      offset += chunk;
    }
  }

  /** The exact number of bytes {@link #encode} writes for a payload of {@code length} bytes. */
  public static int encodedLength(int csid, long timestamp, int length, int chunkSize) {
    checkArguments(csid, length, chunkSize);
    boolean extended = (timestamp & 0xFFFFFFFFL) >= EXTENDED_TIMESTAMP_MARK;
    int continuations = length == 0 ? 0 : (length - 1) / chunkSize;
    int continuationHeader = basicHeaderLength(csid) + (extended ? 4 : 0);
    return basicHeaderLength(csid)
        + 11
        + (extended ? 4 : 0)
        + length
        + continuations * continuationHeader;
  }

  static int basicHeaderLength(int csid) {
    if (csid < 64) {
      return 1;
    }
    return csid < 320 ? 2 : 3;
  }

  private static void writeBasicHeader(ByteBuf out, int fmt, int csid) {
    if (csid < 64) {
      out.writeByte(fmt << 6 | csid);
    } else if (csid < 320) {
      out.writeByte(fmt << 6);
      out.writeByte(csid - 64);
    } else {
      out.writeByte(fmt << 6 | 1);
      out.writeShortLE(csid - 64);
    }
  }

  private static void checkArguments(int csid, int length, int chunkSize) {
    if (csid < MIN_CHUNK_STREAM_ID || csid > MAX_CHUNK_STREAM_ID) {
      throw new IllegalArgumentException("chunk stream id out of range: " + csid);
    }
    if (length > MAX_MESSAGE_LENGTH) {
      throw new IllegalArgumentException("message longer than 16777215 bytes: " + length);
    }
    if (chunkSize < 1) {
      throw new IllegalArgumentException("chunk size must be positive: " + chunkSize);
    }
  }
}
