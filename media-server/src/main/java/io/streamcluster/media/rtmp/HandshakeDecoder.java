package io.streamcluster.media.rtmp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.streamcluster.media.limits.Refusals;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * What both sides of the RTMP handshake share: the deadline, and the two ways a handshake ends.
 * Completed, it fires {@link RtmpHandshakeCompleted} and leaves the pipeline, handing any bytes
 * that came after it to the next handler; failed (refused, or not finished in time), it closes the
 * connection. Bytes that arrive after the end are dropped.
 */
abstract class HandshakeDecoder extends ByteToMessageDecoder {

  static final int RTMP_VERSION = 3;
  static final int PACKET = RtmpHandshakeDigest.PACKET_LENGTH;

  private final HandshakeDeadline deadline;
  final Refusals refusals;
  private boolean ended;

  HandshakeDecoder(Duration timeout, Refusals refusals) {
    this.deadline = new HandshakeDeadline(timeout, refusals);
    this.refusals = refusals;
  }

  /** Reads the handshake's next part from {@code in}, if it is all there. */
  abstract void read(ChannelHandlerContext ctx, ByteBuf in);

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    deadline.start(ctx, this::expire);
  }

  @Override
  protected final void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    if (ended) {
      in.skipBytes(in.readableBytes());
      return;
    }
    read(ctx, in);
  }

  final void complete(ChannelHandlerContext ctx) {
    ended = true;
    deadline.cancel();
    ctx.fireUserEventTriggered(RtmpHandshakeCompleted.INSTANCE);
    ctx.pipeline().remove(this); // hands what is left in the cumulation to the next handler
  }

  /** Ends the handshake as failed and closes the connection; the caller has logged why. */
  final void fail(ChannelHandlerContext ctx, ByteBuf in) {
    ended = true;
    in.skipBytes(in.readableBytes());
    deadline.cancel();
    ctx.close();
  }

  /**
   * Writes a C1 or S1 of the simple handshake: time 0, the zero version that tells the peer not to
   * look for a digest, then random bytes.
   */
  static void writeSimplePacket(ByteBuf out) {
    out.writeZero(8);
    byte[] random = new byte[PACKET - 8];
    ThreadLocalRandom.current().nextBytes(random);
    out.writeBytes(random);
  }

  private boolean expire() {
    if (ended) {
      return false;
    }
    ended = true;
    return true;
  }

  @Override
  protected void handlerRemoved0(ChannelHandlerContext ctx) {
    deadline.cancel();
  }
}
