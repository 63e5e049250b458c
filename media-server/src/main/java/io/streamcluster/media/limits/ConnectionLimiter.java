package io.streamcluster.media.limits;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Caps the connections of every listener of a server together: in total, and per client address.
 * The first handler of each accepted connection's pipeline; a connection over a cap is closed
 * before any other handler sees a byte of it. Shared by all connections of a server.
 */
@ChannelHandler.Sharable
public final class ConnectionLimiter extends ChannelInboundHandlerAdapter {

  private static final Logger log = LoggerFactory.getLogger(ConnectionLimiter.class);

  private final int maxConnections;
  private final int maxPerAddress;
  private final Refusals refusals;
  private final RefusalLog refusalLog = new RefusalLog(log);
  private final AtomicInteger total = new AtomicInteger();
  private final ConcurrentHashMap<InetAddress, Integer> perAddress = new ConcurrentHashMap<>();

  /**
   * @param maxPerAddress 0: no limit per address
   */
  public ConnectionLimiter(int maxConnections, int maxPerAddress, Refusals refusals) {
    this.maxConnections = maxConnections;
    this.maxPerAddress = maxPerAddress;
    this.refusals = refusals;
  }

  /** Connections counted now (those being refused are not). */
  public int connections() {
    return total.get();
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) throws Exception {
    Channel channel = ctx.channel();
    if (total.incrementAndGet() > maxConnections) {
      total.decrementAndGet();
      refuse(ctx, "max_connections", "the server has " + maxConnections + " connections");
      return;
    }
    InetAddress address = maxPerAddress > 0 ? addressOf(channel.remoteAddress()) : null;
    if (address != null && perAddress.merge(address, 1, Integer::sum) > maxPerAddress) {
      release(address);
      total.decrementAndGet();
      refuse(
          ctx,
          "connections_per_address",
          address.getHostAddress() + " has " + maxPerAddress + " connections open");
      return;
    }
    channel
        .closeFuture()
        .addListener(
            f -> {
              total.decrementAndGet();
              if (address != null) {
                release(address);
              }
            });
    super.channelActive(ctx);
  }

  private void release(InetAddress address) {
    perAddress.computeIfPresent(address, (a, n) -> n <= 1 ? null : n - 1);
  }

  private void refuse(ChannelHandlerContext ctx, String reason, String why) {
    refusals.refused(reason);
    refusalLog.refused(reason, "connection from " + ctx.channel().remoteAddress(), why);
    ctx.close();
  }

  private static InetAddress addressOf(SocketAddress remote) {
    return remote instanceof InetSocketAddress inet ? inet.getAddress() : null;
  }
}
