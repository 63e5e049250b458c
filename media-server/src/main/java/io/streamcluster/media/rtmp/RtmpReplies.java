package io.streamcluster.media.rtmp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.streamcluster.media.amf.Amf0;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Writes the command and data messages a server sends back to an RTMP client (not flushed). */
final class RtmpReplies {

  private static final int COMMAND_CHUNK_STREAM = 3;
  private static final int STATUS_CHUNK_STREAM = 5;

  private final Channel channel;

  RtmpReplies(Channel channel) {
    this.channel = channel;
  }

  /** {@code _result} for a transaction: the command object, then further values. */
  ChannelFuture result(double transactionId, Object commandObject, Object... values) {
    return command(0, "_result", transactionId, commandObject, values);
  }

  ChannelFuture error(double transactionId, Map<String, Object> info) {
    return command(0, "_error", transactionId, null, info);
  }

  ChannelFuture onStatus(int messageStreamId, Map<String, Object> info) {
    return command(messageStreamId, "onStatus", 0, null, info);
  }

  /** An AMF0 data message (such as {@code |RtmpSampleAccess}) on the stream. */
  ChannelFuture data(int messageStreamId, List<Object> values) {
    ByteBuf payload = channel.alloc().buffer();
    Amf0.encodeAll(payload, values.toArray());
    return channel.write(
        new RtmpMessage(
            STATUS_CHUNK_STREAM, RtmpMessageType.DATA_AMF0, 0, messageStreamId, payload));
  }

  private ChannelFuture command(
      int messageStreamId, String name, double transactionId, Object object, Object... values) {
    RtmpCommand command = new RtmpCommand(name, transactionId, object, Arrays.asList(values));
    int csid = messageStreamId == 0 ? COMMAND_CHUNK_STREAM : STATUS_CHUNK_STREAM;
    return channel.write(command.toMessage(channel.alloc(), csid, messageStreamId));
  }
}
