package io.streamcluster.media.rtmp;

import io.netty.buffer.ByteBuf;
import io.streamcluster.media.amf.Amf0;
import java.util.List;

/** Reads the AMF0 values of a command or data message, in either of its two message types. */
final class AmfPayloads {

  private AmfPayloads() {}

  /**
   * The payload's values, without moving its reader index. An AMF3 command or data message from the
   * clients met in practice is a 0x00 byte followed by plain AMF0, so that is what is read.
   */
  static List<Object> values(RtmpMessage message, int amf0Type, int amf3Type) {
    int type = message.typeId();
    if (type != amf0Type && type != amf3Type) {
      throw new RtmpProtocolException("unexpected message type " + RtmpMessageType.name(type));
    }
    ByteBuf payload = message.payload().duplicate();
    if (type == amf3Type) {
      if (!payload.isReadable() || payload.readByte() != 0) {
        throw new RtmpProtocolException(
            "AMF3-encoded " + RtmpMessageType.name(type) + " is not supported");
      }
    }
    return Amf0.decodeAll(payload);
  }
}
