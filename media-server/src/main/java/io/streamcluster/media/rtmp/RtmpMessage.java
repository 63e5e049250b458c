package io.streamcluster.media.rtmp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.DefaultByteBufHolder;

/**
 * One complete RTMP message, reassembled from its chunks or ready to be chunked. The payload is
 * owned by whoever holds the message and released with it.
 *
 * <p>The timestamp is the message's absolute 32-bit RTMP timestamp (0 .. 2^32-1) in milliseconds;
 * deltas are already applied by the decoder. Extending it past a wrap is the session's job.
 */
public final class RtmpMessage extends DefaultByteBufHolder {

  private final int chunkStreamId;
  private final int typeId;
  private final long timestamp;
  private final int messageStreamId;

  public RtmpMessage(
      int chunkStreamId, int typeId, long timestamp, int messageStreamId, ByteBuf payload) {
    super(payload);
    this.chunkStreamId = chunkStreamId;
    this.typeId = typeId;
    this.timestamp = timestamp & 0xFFFFFFFFL;
    this.messageStreamId = messageStreamId;
  }

  public int chunkStreamId() {
    return chunkStreamId;
  }

  /** The message type id; see {@link RtmpMessageType}. */
  public int typeId() {
    return typeId;
  }

  public long timestamp() {
    return timestamp;
  }

  public int messageStreamId() {
    return messageStreamId;
  }

  public ByteBuf payload() {
    return content();
  }

  @Override
  public RtmpMessage replace(ByteBuf content) {
    return new RtmpMessage(chunkStreamId, typeId, timestamp, messageStreamId, content);
  }

  @Override
  public RtmpMessage retain() {
    super.retain();
    return this;
  }

  @Override
  public String toString() {
    return "RtmpMessage{csid="
        + chunkStreamId
        + ", type="
        + RtmpMessageType.name(typeId)
        + ", ts="
        + timestamp
        + ", msid="
        + messageStreamId
        + ", bytes="
        + (refCnt() > 0 ? content().readableBytes() : -1)
        + "}";
  }
}
