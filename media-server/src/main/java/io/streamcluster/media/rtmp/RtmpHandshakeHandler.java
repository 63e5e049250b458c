package io.streamcluster.media.rtmp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.streamcluster.media.limits.Refusals;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server side of the RTMP handshake (RTMP specification, section 5.2): reads C0 and C1, answers
 * S0, S1 and S2 at once, waits for C2, then leaves the pipeline, handing any bytes that came after
 * C2 to the next handler, and fires {@link RtmpHandshakeCompleted}.
 *
 * <p>A C1 that carries a valid Flash Player digest gets a digest S1 and a signed S2 (see {@link
 * RtmpHandshakeDigest}), which ffmpeg and Flash-era clients verify; any other C1 gets the simple
 * handshake: an S1 with zero version bytes and an S2 that echoes C1. Anything but RTMP version 3
 * (encrypted RTMPE included) is refused, as is a peer that has not finished within the timeout.
 */
public final class RtmpHandshakeHandler extends HandshakeDecoder {

  private static final Logger log = LoggerFactory.getLogger(RtmpHandshakeHandler.class);

  static final int RTMPE_VERSION = 6;
  private static final int C0_C1_LENGTH = 1 + PACKET;

  enum State {
    READ_C0_C1,
    READ_C2
  }

  private State state = State.READ_C0_C1;

  public RtmpHandshakeHandler(Duration timeout) {
    this(timeout, Refusals.NONE);
  }

  /**
   * @param refusals where refused and timed-out handshakes are counted
   */
  public RtmpHandshakeHandler(Duration timeout, Refusals refusals) {
    super(timeout, refusals);
  }

  @Override
  void read(ChannelHandlerContext ctx, ByteBuf in) {
    switch (state) {
      case READ_C0_C1 -> readC0C1(ctx, in);
      case READ_C2 -> readC2(ctx, in);
    }
  }

  private void readC0C1(ChannelHandlerContext ctx, ByteBuf in) {
    if (!in.isReadable()) {
      return;
    }
    int version = in.getUnsignedByte(in.readerIndex());
    if (version != RTMP_VERSION) {
      refuse(
          ctx,
          in,
          version == RTMPE_VERSION
              ? "encrypted RTMP (RTMPE) is not supported"
              : "unsupported RTMP version " + version);
      return;
    }
    if (in.readableBytes() < C0_C1_LENGTH) {
      return;
    }
    in.skipBytes(1);
    byte[] c1 = new byte[PACKET];
    in.readBytes(c1);

    ByteBuf response = ctx.alloc().buffer(1 + 2 * PACKET);
    response.writeByte(RTMP_VERSION);
    int clientDigest = hasVersion(c1) ? RtmpHandshakeDigest.findClientDigest(c1) : -1;
    if (clientDigest >= 0) {
      ThreadLocalRandom random = ThreadLocalRandom.current();
      response.writeBytes(
          RtmpHandshakeDigest.serverS1(RtmpHandshakeDigest.schemeBase(clientDigest), random));
      response.writeBytes(RtmpHandshakeDigest.serverS2(c1, clientDigest, random));
    } else {
      writeSimplePacket(response);
      response.writeBytes(c1);
    }
    log.debug(
        "{} handshake with {}",
        clientDigest >= 0 ? "Digest" : "Simple",
        ctx.channel().remoteAddress());
    ctx.writeAndFlush(response);
    state = State.READ_C2;
    readC2(ctx, in);
  }

  private void readC2(ChannelHandlerContext ctx, ByteBuf in) {
    if (in.readableBytes() < PACKET) {
      return;
    }
    // C2 is not checked: clients fill it inconsistently and it proves nothing worth refusing for.
    in.skipBytes(PACKET);
    complete(ctx);
  }

  private static boolean hasVersion(byte[] c1) {
    return (c1[4] | c1[5] | c1[6] | c1[7]) != 0;
  }

  private void refuse(ChannelHandlerContext ctx, ByteBuf in, String reason) {
    refusals.refused("handshake");
    log.warn("Rejecting RTMP handshake from {}: {}", ctx.channel().remoteAddress(), reason);
    fail(ctx, in);
  }
}
