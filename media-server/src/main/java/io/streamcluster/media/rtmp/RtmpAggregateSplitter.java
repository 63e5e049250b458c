package io.streamcluster.media.rtmp;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits an aggregate message (RTMP specification, section 7.1.6) into the audio, video and data
 * messages it carries. Each is laid out as an FLV tag: an 11-byte header (type, 24-bit size, 24-bit
 * timestamp plus an upper 8 bits, 24-bit stream id), the body, then a 4-byte back pointer.
 * Timestamps are rebased so that the first sub-message has the aggregate's timestamp; every
 * sub-message keeps the aggregate's chunk stream and message stream.
 */
public final class RtmpAggregateSplitter {

  private static final int TAG_HEADER_LENGTH = 11;
  private static final int BACK_POINTER_LENGTH = 4;

  private RtmpAggregateSplitter() {}

  /**
   * The sub-messages, whose payloads are retained slices of the aggregate's; the caller releases
   * them and, separately, the aggregate (which is left as it was).
   *
   * @throws RtmpProtocolException when a tag runs past the end of the aggregate; nothing is leaked
   */
  public static List<RtmpMessage> split(RtmpMessage aggregate) {
    ByteBuf in = aggregate.payload().duplicate();
    List<RtmpMessage> messages = new ArrayList<>();
    long firstTimestamp = -1;
    try {
      while (in.readableBytes() >= TAG_HEADER_LENGTH) {
        int type = in.readUnsignedByte() & 0x1F;
        int size = in.readUnsignedMedium();
        long timestamp = in.readUnsignedMedium() | (long) in.readUnsignedByte() << 24;
        in.skipBytes(3); // stream id: the aggregate's own applies
        if (size > in.readableBytes()) {
          throw new RtmpProtocolException(
              "aggregate tag of " + size + " bytes with " + in.readableBytes() + " left");
        }
        if (firstTimestamp < 0) {
          firstTimestamp = timestamp;
        }
        long rebased = (aggregate.timestamp() + timestamp - firstTimestamp) & 0xFFFFFFFFL;
        messages.add(
            new RtmpMessage(
                aggregate.chunkStreamId(),
                type,
                rebased,
                aggregate.messageStreamId(),
                in.readRetainedSlice(size)));
        in.skipBytes(Math.min(BACK_POINTER_LENGTH, in.readableBytes()));
      }
      if (in.isReadable()) {
        throw new RtmpProtocolException(
            "aggregate ends with " + in.readableBytes() + " bytes that are not a tag");
      }
      return messages;
    } catch (RuntimeException e) {
      messages.forEach(RtmpMessage::release);
      throw e;
    }
  }
}
