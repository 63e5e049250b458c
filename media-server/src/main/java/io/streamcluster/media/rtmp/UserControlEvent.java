package io.streamcluster.media.rtmp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * A User Control message's event (RTMP specification, section 7.1.7): its type and its data, which
 * is a message stream id for the stream events, a timestamp for pings, and for Set Buffer Length a
 * stream id plus the buffer length in milliseconds.
 *
 * @param type the event type, one of the constants below or one this server does not know
 * @param value the stream id or timestamp (unsigned 32 bits); 0 when the event carries none
 * @param bufferLength the buffer length of a Set Buffer Length event, otherwise 0
 */
public record UserControlEvent(int type, long value, long bufferLength) {

  public static final int STREAM_BEGIN = 0;
  public static final int STREAM_EOF = 1;
  public static final int STREAM_DRY = 2;
  public static final int SET_BUFFER_LENGTH = 3;
  public static final int STREAM_IS_RECORDED = 4;
  public static final int PING_REQUEST = 6;
  public static final int PING_RESPONSE = 7;

  public UserControlEvent {
    value &= 0xFFFFFFFFL;
    bufferLength &= 0xFFFFFFFFL;
  }

  public UserControlEvent(int type, long value) {
    this(type, value, 0);
  }

  /**
   * Reads the event from a User Control message's payload, without moving its reader index.
   *
   * @throws RtmpProtocolException when the payload is too short for its event type
   */
  public static UserControlEvent parse(ByteBuf payload) {
    int index = payload.readerIndex();
    int length = payload.readableBytes();
    if (length < 2) {
      throw new RtmpProtocolException("user control message of " + length + " bytes");
    }
    int type = payload.getUnsignedShort(index);
    int dataLength = type == SET_BUFFER_LENGTH ? 8 : 4;
    if (length < 2 + dataLength) {
      // Some events this server does not know carry no data; the ones it knows always do.
      if (type > PING_RESPONSE) {
        return new UserControlEvent(type, 0);
      }
      throw new RtmpProtocolException(
          "user control event "
              + type
              + " needs "
              + dataLength
              + " data bytes, has "
              + (length - 2));
    }
    long value = payload.getUnsignedInt(index + 2);
    long bufferLength = type == SET_BUFFER_LENGTH ? payload.getUnsignedInt(index + 6) : 0;
    return new UserControlEvent(type, value, bufferLength);
  }

  public static UserControlEvent parse(RtmpMessage message) {
    if (message.typeId() != RtmpMessageType.USER_CONTROL) {
      throw new RtmpProtocolException(
          "not a user control message: " + RtmpMessageType.name(message.typeId()));
    }
    return parse(message.payload());
  }

  /** The event as a User Control message on the control chunk stream and message stream 0. */
  public RtmpMessage toMessage(ByteBufAllocator alloc) {
    ByteBuf payload = alloc.buffer(type == SET_BUFFER_LENGTH ? 10 : 6);
    payload.writeShort(type);
    payload.writeInt((int) value);
    if (type == SET_BUFFER_LENGTH) {
      payload.writeInt((int) bufferLength);
    }
    return new RtmpMessage(
        RtmpControlMessages.CONTROL_CHUNK_STREAM, RtmpMessageType.USER_CONTROL, 0, 0, payload);
  }
}
