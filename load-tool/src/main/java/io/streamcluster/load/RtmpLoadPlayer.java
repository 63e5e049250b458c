package io.streamcluster.load;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.streamcluster.media.rtmp.RtmpCommand;
import io.streamcluster.media.rtmp.RtmpControlMessages;
import io.streamcluster.media.rtmp.RtmpHandshakeCompleted;
import io.streamcluster.media.rtmp.RtmpMessage;
import io.streamcluster.media.rtmp.RtmpMessageType;
import io.streamcluster.media.rtmp.UserControlEvent;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One RTMP player after the handshake: connect, createStream, play; then it counts bytes, finds
 * media messages with a {@link RtmpChunkScanner} that skips their payloads, answers pings, and
 * acknowledges received bytes whenever the server's acknowledgement window fills.
 *
 * <p>Outbound messages go through the RTMP chunk encoder that sits in front of this handler.
 */
final class RtmpLoadPlayer extends ChannelInboundHandlerAdapter {

  private static final int COMMAND_CHUNK_STREAM = 3;
  private static final int PLAY_CHUNK_STREAM = 8;
  private static final double CONNECT_TRANSACTION = 1;
  private static final double CREATE_STREAM_TRANSACTION = 2;
  private static final int BUFFER_MILLIS = 3000;

  private final SubscriberStats stats;
  private final SubscriberTarget target;
  private RtmpChunkScanner scanner;
  private ChannelHandlerContext ctx;
  private long received;
  private long acknowledged;
  private long ackWindow = Long.MAX_VALUE;
  private int playStreamId = -1;
  private boolean handshakeDone;

  RtmpLoadPlayer(SubscriberStats stats, SubscriberTarget target) {
    this.stats = stats;
    this.target = target;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
    this.scanner = new RtmpChunkScanner(ctx.alloc(), stats, this::onControl);
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    scanner.release();
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    stats.onConnected();
    ctx.fireChannelActive();
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (evt == RtmpHandshakeCompleted.INSTANCE) {
      handshakeDone = true;
      connect();
    }
    ctx.fireUserEventTriggered(evt);
  }

  private void connect() {
    Map<String, Object> properties = new LinkedHashMap<>();
    properties.put("app", target.app());
    properties.put("flashVer", "LNX 9,0,124,2");
    properties.put("tcUrl", target.tcUrl());
    properties.put("fpad", false);
    properties.put("capabilities", 15.0);
    properties.put("audioCodecs", 4071.0);
    properties.put("videoCodecs", 252.0);
    properties.put("videoFunction", 1.0);
    write(RtmpCommand.of("connect", CONNECT_TRANSACTION, properties), COMMAND_CHUNK_STREAM, 0);
    ctx.flush();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    ByteBuf in = (ByteBuf) msg;
    try {
      int n = in.readableBytes();
      stats.onBytes(n, System.nanoTime());
      received += n;
      if (!scanner.scan(in)) {
        fail(scanner.failure());
        return;
      }
      if (received - acknowledged >= ackWindow) {
        acknowledged = received;
        ctx.write(RtmpControlMessages.acknowledgement(ctx.alloc(), received & 0xFFFFFFFFL));
      }
    } finally {
      in.release();
    }
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    ctx.flush();
  }

  private void onControl(int typeId, int messageStreamId, long timestamp, ByteBuf payload) {
    switch (typeId) {
      case RtmpMessageType.WINDOW_ACK_SIZE -> {
        if (payload.readableBytes() >= 4) {
          long size = payload.getUnsignedInt(payload.readerIndex());
          ackWindow = size > 0 ? size : Long.MAX_VALUE;
        }
      }
      case RtmpMessageType.USER_CONTROL -> {
        if (payload.readableBytes() >= 6
            && payload.getUnsignedShort(payload.readerIndex()) == UserControlEvent.PING_REQUEST) {
          long pingTime = payload.getUnsignedInt(payload.readerIndex() + 2);
          ctx.write(RtmpControlMessages.pingResponse(ctx.alloc(), pingTime));
        }
      }
      case RtmpMessageType.COMMAND_AMF0, RtmpMessageType.COMMAND_AMF3 ->
          // The scanner owns the payload and releases it after this call.
          onCommand(
              RtmpCommand.decode(
                  new RtmpMessage(0, typeId, timestamp, messageStreamId, payload.duplicate())));
      default -> {}
    }
  }

  private void onCommand(RtmpCommand command) {
    switch (command.name()) {
      case "_result" -> {
        if (command.transactionId() == CONNECT_TRANSACTION) {
          write(
              RtmpCommand.of("createStream", CREATE_STREAM_TRANSACTION, null),
              COMMAND_CHUNK_STREAM,
              0);
        } else if (command.transactionId() == CREATE_STREAM_TRANSACTION && playStreamId < 0) {
          playStreamId = command.argument(0) instanceof Number id ? id.intValue() : 1;
          // start -2000: play the live stream, or a recording of that name if there is no live one.
          write(
              RtmpCommand.of("play", 0, null, target.streamName(), -2000.0),
              PLAY_CHUNK_STREAM,
              playStreamId);
          ctx.write(RtmpControlMessages.setBufferLength(ctx.alloc(), playStreamId, BUFFER_MILLIS));
        }
      }
      case "_error" -> fail("server refused " + command.transactionId() + ": " + code(command));
      case "onStatus" -> {
        if (command.argument(0) instanceof Map<?, ?> info && "error".equals(info.get("level"))) {
          fail("onStatus " + info.get("code"));
        }
      }
      default -> {}
    }
  }

  private void write(RtmpCommand command, int chunkStreamId, int messageStreamId) {
    ctx.write(command.toMessage(ctx.alloc(), chunkStreamId, messageStreamId));
  }

  private static String code(RtmpCommand command) {
    return command.argument(0) instanceof Map<?, ?> info
        ? String.valueOf(info.get("code"))
        : String.valueOf(command.argument(0));
  }

  private void fail(String reason) {
    stats.onFailure(reason);
    ctx.close();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    // The handshake handler closes the connection itself when the server does not answer in time.
    stats.onFailure(
        handshakeDone
            ? "connection closed by the server"
            : "closed before the handshake completed (no answer within "
                + SubscriberTarget.HANDSHAKE_TIMEOUT.toSeconds()
                + " s, or closed by the server)");
    stats.onDisconnected();
    ctx.fireChannelInactive();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    stats.onFailure(cause.getClass().getSimpleName() + ": " + cause.getMessage());
    ctx.close();
  }
}
