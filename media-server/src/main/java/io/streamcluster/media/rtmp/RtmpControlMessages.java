package io.streamcluster.media.rtmp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;

/**
 * Protocol control and user control messages, ready to write, and the value read back from a
 * received one. All go on chunk stream 2 and message stream 0 with timestamp 0, as the
 * specification requires (sections 5.4 and 6.2).
 */
public final class RtmpControlMessages {

  /** The chunk stream reserved for protocol control messages. */
  public static final int CONTROL_CHUNK_STREAM = 2;

  private RtmpControlMessages() {}

  /**
   * The 32-bit value a Set Chunk Size, Abort, Acknowledgement or Window Acknowledgement Size
   * message carries.
   *
   * @throws RtmpProtocolException when the payload is shorter than 4 bytes
   */
  public static long value(int typeId, ByteBuf payload) {
    if (payload.readableBytes() < 4) {
      throw new RtmpProtocolException(
          RtmpMessageType.name(typeId) + " message shorter than 4 bytes");
    }
    return payload.getUnsignedInt(payload.readerIndex());
  }

  public static RtmpMessage setChunkSize(ByteBufAllocator alloc, int chunkSize) {
    if (chunkSize < 1) {
      throw new IllegalArgumentException("chunk size must be positive: " + chunkSize);
    }
    return fourByteMessage(alloc, RtmpMessageType.SET_CHUNK_SIZE, chunkSize);
  }

  public static RtmpMessage abort(ByteBufAllocator alloc, int chunkStreamId) {
    return fourByteMessage(alloc, RtmpMessageType.ABORT, chunkStreamId);
  }

  /**
   * @param sequenceNumber the bytes received so far (wraps at 2^32)
   */
  public static RtmpMessage acknowledgement(ByteBufAllocator alloc, long sequenceNumber) {
    return fourByteMessage(alloc, RtmpMessageType.ACKNOWLEDGEMENT, (int) sequenceNumber);
  }

  public static RtmpMessage windowAckSize(ByteBufAllocator alloc, int windowSize) {
    return fourByteMessage(alloc, RtmpMessageType.WINDOW_ACK_SIZE, windowSize);
  }

  public static RtmpMessage setPeerBandwidth(
      ByteBufAllocator alloc, int windowSize, PeerBandwidthLimit limitType) {
    ByteBuf payload = alloc.buffer(5).writeInt(windowSize).writeByte(limitType.code());
    return control(RtmpMessageType.SET_PEER_BANDWIDTH, payload);
  }

  public static RtmpMessage streamBegin(ByteBufAllocator alloc, int messageStreamId) {
    return userControl(alloc, UserControlEvent.STREAM_BEGIN, messageStreamId);
  }

  public static RtmpMessage streamEof(ByteBufAllocator alloc, int messageStreamId) {
    return userControl(alloc, UserControlEvent.STREAM_EOF, messageStreamId);
  }

  public static RtmpMessage streamDry(ByteBufAllocator alloc, int messageStreamId) {
    return userControl(alloc, UserControlEvent.STREAM_DRY, messageStreamId);
  }

  public static RtmpMessage streamIsRecorded(ByteBufAllocator alloc, int messageStreamId) {
    return userControl(alloc, UserControlEvent.STREAM_IS_RECORDED, messageStreamId);
  }

  public static RtmpMessage pingRequest(ByteBufAllocator alloc, long timestamp) {
    return userControl(alloc, UserControlEvent.PING_REQUEST, timestamp);
  }

  public static RtmpMessage pingResponse(ByteBufAllocator alloc, long timestamp) {
    return userControl(alloc, UserControlEvent.PING_RESPONSE, timestamp);
  }

  /**
   * Answers a Ping Request with its Ping Response (written, not flushed); the other user control
   * events ask nothing of the peer.
   *
   * @param payload a received User Control message's payload; its reader index does not move
   */
  public static void answerPing(ChannelHandlerContext ctx, ByteBuf payload) {
    UserControlEvent event = UserControlEvent.parse(payload);
    if (event.type() == UserControlEvent.PING_REQUEST) {
      ctx.write(pingResponse(ctx.alloc(), event.value()));
    }
  }

  public static RtmpMessage setBufferLength(
      ByteBufAllocator alloc, int messageStreamId, long bufferLengthMillis) {
    return new UserControlEvent(
            UserControlEvent.SET_BUFFER_LENGTH, messageStreamId, bufferLengthMillis)
        .toMessage(alloc);
  }

  private static RtmpMessage userControl(ByteBufAllocator alloc, int type, long value) {
    return new UserControlEvent(type, value).toMessage(alloc);
  }

  private static RtmpMessage fourByteMessage(ByteBufAllocator alloc, int typeId, int value) {
    return control(typeId, alloc.buffer(4).writeInt(value));
  }

  private static RtmpMessage control(int typeId, ByteBuf payload) {
    return new RtmpMessage(CONTROL_CHUNK_STREAM, typeId, 0, 0, payload);
  }
}
