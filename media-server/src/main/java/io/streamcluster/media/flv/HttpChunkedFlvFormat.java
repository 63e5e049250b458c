package io.streamcluster.media.flv;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.streamcluster.media.stream.FrameFormat;
import io.streamcluster.media.stream.MediaFrame;

/**
 * Frames as FLV tags, each one HTTP/1.1 chunk of its own ({@code <size in hex>CRLF <tag> CRLF}, RFC
 * 9112 section 7.1): what the HTTP codec would make of an FLV tag, made once for every player, so
 * that an HTTP-FLV player's media can be written past the codec like RTMP's past the chunk encoder.
 * A batch of such frames laid end to end is a run of whole chunks.
 */
public final class HttpChunkedFlvFormat implements FrameFormat {

  public static final HttpChunkedFlvFormat INSTANCE = new HttpChunkedFlvFormat();

  private static final int CRLF = ('\r' << 8) | '\n';
  // Up to 8 hex digits: an FLV tag is at most 2^24 + 15 bytes.
  private static final int MAX_SIZE_LINE = 8 + 2;

  private HttpChunkedFlvFormat() {}

  @Override
  public ByteBuf encode(ByteBufAllocator alloc, MediaFrame frame) {
    int chunkSize = FlvTagFormat.bytes(frame);
    ByteBuf out = alloc.directBuffer(MAX_SIZE_LINE + chunkSize + 2);
    writeHex(out, chunkSize);
    out.writeShort(CRLF);
    FlvTagFormat.write(out, frame);
    out.writeShort(CRLF);
    return out;
  }

  private static void writeHex(ByteBuf out, int value) {
    int digits = Math.max(1, (Integer.SIZE - Integer.numberOfLeadingZeros(value) + 3) / 4);
    for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4) {
      out.writeByte(Character.forDigit((value >>> shift) & 0xF, 16));
    }
  }
}
