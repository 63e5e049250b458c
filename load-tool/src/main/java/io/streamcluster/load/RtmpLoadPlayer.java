package io.streamcluster.load;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.streamcluster.media.rtmp.AcknowledgementWindow;
import io.streamcluster.media.rtmp.RtmpCommand;
import io.streamcluster.media.rtmp.RtmpControlMessages;
import io.streamcluster.media.rtmp.RtmpHandshakeCompleted;
import io.streamcluster.media.rtmp.RtmpMessage;
import io.streamcluster.media.rtmp.RtmpMessageType;
import io.streamcluster.media.rtmp.RtmpPlayCommands;
import java.util.Map;

/**
 * One RTMP player after the handshake: connect, createStream, play; then it counts bytes, finds
 * media messages with a {@link RtmpMessageScanner} that skips their payloads, answers pings, and
 * acknowledges received bytes whenever the server's acknowledgement window fills.
 *
 * <p>Outbound messages go through the RTMP chunk encoder that sits in front of this handler.
 */
final class RtmpLoadPlayer extends ChannelInboundHandlerAdapter {

  private static final int BUFFER_MILLIS = 3000;

  /** How a server refuses a play (full, draining): a client asks /cluster for another edge. */
  static final String PLAY_FAILED = "NetStream.Play.Failed";

  private final SubscriberStats stats;
  private final SubscriberTarget target;
  private final AcknowledgementWindow window = new AcknowledgementWindow();
  private RtmpMessageScanner scanner;
  private ChannelHandlerContext ctx;
  private int playStreamId = -1;
  private boolean handshakeDone;
  private boolean handedBack;

  RtmpLoadPlayer(SubscriberStats stats, SubscriberTarget target) {
    this.stats = stats;
    this.target = target;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
    this.scanner = new RtmpMessageScanner(ctx.alloc(), stats, this::onControl);
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
      write(RtmpPlayCommands.connect(target.app(), target.tcUrl()), 0);
      ctx.flush();
    }
    ctx.fireUserEventTriggered(evt);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    ByteBuf in = (ByteBuf) msg;
    try {
      int n = in.readableBytes();
      stats.onBytes(n, System.nanoTime());
      window.received(n);
      if (!scanner.scan(in)) {
        fail(scanner.failure());
        return;
      }
      long sequenceNumber = window.due();
      if (sequenceNumber >= 0) {
        ctx.write(RtmpControlMessages.acknowledgement(ctx.alloc(), sequenceNumber));
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
      case RtmpMessageType.WINDOW_ACK_SIZE ->
          window.resize(RtmpControlMessages.value(typeId, payload));
      case RtmpMessageType.USER_CONTROL -> RtmpControlMessages.answerPing(ctx, payload);
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
        if (command.transactionId() == RtmpPlayCommands.CONNECT_TRANSACTION) {
          write(RtmpPlayCommands.createStream(), 0);
        } else if (command.transactionId() == RtmpPlayCommands.CREATE_STREAM_TRANSACTION
            && playStreamId < 0) {
          playStreamId = command.argument(0) instanceof Number id ? id.intValue() : 1;
          write(RtmpPlayCommands.play(target.streamName(), -2000.0), playStreamId);
          ctx.write(RtmpControlMessages.setBufferLength(ctx.alloc(), playStreamId, BUFFER_MILLIS));
        }
      }
      case "_error" ->
          fail(
              "server refused "
                  + command.transactionId()
                  + ": "
                  + RtmpPlayCommands.statusCode(command));
      case "onStatus" -> {
        if (command.argument(0) instanceof Map<?, ?> info && "error".equals(info.get("level"))) {
          String reason = "onStatus " + info.get("code");
          if (PLAY_FAILED.equals(info.get("code")) && stats.handBack(reason)) {
            // the edge takes no more players: the subscriber asks /cluster for another
            handedBack = true;
            ctx.close();
            return;
          }
          fail(reason);
        }
      }
      default -> {}
    }
  }

  private void write(RtmpCommand command, int messageStreamId) {
    ctx.write(
        command.toMessage(
            ctx.alloc(), RtmpPlayCommands.chunkStream(messageStreamId), messageStreamId));
  }

  private void fail(String reason) {
    stats.onFailure(reason);
    ctx.close();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (handedBack) {
      ctx.fireChannelInactive();
      return;
    }
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
