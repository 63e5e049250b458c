package io.streamcluster.media.limits;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes a connection whose peer does not read once the bytes queued for it pass a bound, so that a
 * peer that keeps asking (pings, commands, HTTP requests) without reading the answers cannot make
 * the server's memory grow. Every write through the pipeline is checked; players' media, which
 * skips frames while the peer is behind, counts in the queue too. A stranger gets {@code
 * maxOutboundBytes}; an admitted peer (see {@link PeerAdmission}) {@code admittedOutboundBytes}.
 */
public final class OutboundLimit extends ChannelOutboundHandlerAdapter {

  private static final Logger log = LoggerFactory.getLogger(OutboundLimit.class);
  private static final RefusalLog refusalLog = new RefusalLog(log);

  private final long maxOutboundBytes;
  private final long admittedOutboundBytes;
  private final Refusals refusals;
  private boolean closing;

  public OutboundLimit(long maxOutboundBytes, long admittedOutboundBytes, Refusals refusals) {
    this.maxOutboundBytes = maxOutboundBytes;
    this.admittedOutboundBytes = admittedOutboundBytes;
    this.refusals = refusals;
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    ctx.write(msg, promise);
    Channel channel = ctx.channel();
    long queued = queuedBytes(channel);
    long bound = PeerAdmission.isAdmitted(channel) ? admittedOutboundBytes : maxOutboundBytes;
    if (queued > bound && !closing) {
      closing = true;
      refusals.refused("outbound_queue");
      refusalLog.refused(
          "outbound_queue",
          "peer " + channel.remoteAddress(),
          queued + " bytes queued and not read, over the limit of " + bound);
      ctx.close();
    }
  }

  /** Bytes written to the channel and not yet taken by the socket. */
  static long queuedBytes(Channel channel) {
    ChannelOutboundBuffer buffer = channel.unsafe().outboundBuffer();
    return buffer == null ? 0 : buffer.totalPendingWriteBytes();
  }
}
