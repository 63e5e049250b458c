package io.streamcluster.media.rtmp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** A decoded message copied out of its buffer (which is released), for plain assertions. */
record Received(int csid, int typeId, long timestamp, int msid, String payloadHex) {

  static Received of(int csid, int typeId, long timestamp, int msid, byte[] payload) {
    return new Received(csid, typeId, timestamp, msid, HexFormat.of().formatHex(payload));
  }

  /** Reads and releases every message the channel has decoded. */
  static List<Received> drainInbound(EmbeddedChannel channel) {
    List<Received> received = new ArrayList<>();
    for (Object msg; (msg = channel.readInbound()) != null; ) {
      RtmpMessage message = (RtmpMessage) msg;
      try {
        received.add(
            new Received(
                message.chunkStreamId(),
                message.typeId(),
                message.timestamp(),
                message.messageStreamId(),
                // one bulk read: the leak detector records every single-byte access
                HexFormat.of().formatHex(ByteBufUtil.getBytes(message.payload()))));
      } finally {
        message.release();
      }
    }
    return received;
  }

  /** Reads and releases every raw buffer the channel has written, as one byte array. */
  static byte[] drainOutbound(EmbeddedChannel channel) {
    List<byte[]> parts = new ArrayList<>();
    int total = 0;
    for (Object msg; (msg = channel.readOutbound()) != null; ) {
      ByteBuf buf = (ByteBuf) msg;
      try {
        byte[] part = ByteBufUtil.getBytes(buf);
        parts.add(part);
        total += part.length;
      } finally {
        buf.release();
      }
    }
    byte[] all = new byte[total];
    int offset = 0;
    for (byte[] part : parts) {
      System.arraycopy(part, 0, all, offset, part.length);
      offset += part.length;
    }
    return all;
  }
}
