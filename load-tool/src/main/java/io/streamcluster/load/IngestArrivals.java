package io.streamcluster.load;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoop;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.FixedLengthFrameDecoder;
import java.net.InetSocketAddress;

/**
 * Reads an {@link IngestRelay}'s arrivals into a {@link HopReference}: when each video frame
 * reached the server, to compare with when it reached the players.
 */
final class IngestArrivals {

  private IngestArrivals() {}

  /** Connects to the relay's arrivals port; fails when nothing listens there. */
  static Channel connect(
      Bootstrap bootstrap, EventLoop loop, InetSocketAddress relay, HopReference arrivals)
      throws InterruptedException {
    return bootstrap
        .clone(loop)
        .handler(
            new ChannelInitializer<Channel>() {
              @Override
              protected void initChannel(Channel ch) {
                ch.pipeline()
                    .addLast(new FixedLengthFrameDecoder(IngestRelay.ARRIVAL_BYTES))
                    .addLast(
                        new SimpleChannelInboundHandler<ByteBuf>() {
                          @Override
                          protected void channelRead0(ChannelHandlerContext ctx, ByteBuf arrival) {
                            arrivals.record(arrival.readLong(), arrival.readLong());
                          }
                        });
              }
            })
        .connect(relay)
        .sync()
        .channel();
  }
}
