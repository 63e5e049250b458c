package io.streamcluster.media.rtmp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.streamcluster.media.limits.Refusals;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client side of the RTMP handshake, for connections this server opens (an edge pulling from an
 * origin, the load tool): sends C0 and a simple C1 as soon as the channel is active, reads S0, S1
 * and S2, answers C2 (an echo of S1), then leaves the pipeline, handing any bytes that came after
 * S2 to the next handler, and fires {@link RtmpHandshakeCompleted}.
 */
public final class RtmpClientHandshakeHandler extends HandshakeDecoder {

  private static final Logger log = LoggerFactory.getLogger(RtmpClientHandshakeHandler.class);

  enum State {
    SEND_C0_C1,
    READ_S0_S1_S2
  }

  private State state = State.SEND_C0_C1;

  public RtmpClientHandshakeHandler(Duration timeout) {
    super(timeout, Refusals.NONE);
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    super.handlerAdded(ctx);
    if (ctx.channel().isActive()) {
      sendC0C1(ctx);
    }
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) throws Exception {
    sendC0C1(ctx);
    super.channelActive(ctx);
  }

  private void sendC0C1(ChannelHandlerContext ctx) {
    if (state != State.SEND_C0_C1) {
      return;
    }
    ByteBuf c0c1 = ctx.alloc().buffer(1 + PACKET);
    c0c1.writeByte(RTMP_VERSION);
    writeSimplePacket(c0c1);
    ctx.writeAndFlush(c0c1);
    state = State.READ_S0_S1_S2;
  }

  @Override
  void read(ChannelHandlerContext ctx, ByteBuf in) {
    if (state != State.READ_S0_S1_S2) {
      in.skipBytes(in.readableBytes());
      return;
    }
    if (!in.isReadable()) {
      return;
    }
    int version = in.getUnsignedByte(in.readerIndex());
    if (version != RTMP_VERSION) {
      log.warn(
          "RTMP server {} answered the handshake with version {}; closing",
          ctx.channel().remoteAddress(),
          version);
      fail(ctx, in);
      return;
    }
    if (in.readableBytes() < 1 + 2 * PACKET) {
      return;
    }
    in.skipBytes(1);
    ctx.writeAndFlush(ctx.alloc().buffer(PACKET).writeBytes(in, PACKET)); // C2 echoes S1
    in.skipBytes(PACKET); // S2 is not checked: the simple handshake has nothing to verify
    complete(ctx);
  }
}
