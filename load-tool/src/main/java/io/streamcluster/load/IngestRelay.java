package io.streamcluster.load;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.streamcluster.media.Transport;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * A TCP relay in front of a server's RTMP port that notes when each video frame a publisher sends
 * passes through: the frame's arrival at the server, on this machine's monotonic clock. Bytes go
 * through unchanged in both directions. Each arrival is told to whoever is connected to the
 * arrivals port, as 16 bytes: the frame's RTMP timestamp (milliseconds) and the {@link
 * System#nanoTime()} at which the read that began it returned. The load tool compares those with
 * the frames' arrivals at its players: the latency the servers between add.
 *
 * <p>{@code System.nanoTime()} is {@code CLOCK_MONOTONIC} on Linux, one clock for every process of
 * the machine, so readings of the relay's and the load tool's JVMs compare.
 */
final class IngestRelay implements AutoCloseable {

  /** C0 and C1, then C2: what a client sends before its first chunk. */
  static final int CLIENT_HANDSHAKE_BYTES = 1 + 1536 + 1536;

  static final int ARRIVAL_BYTES = 16;

  private final EventLoopGroup group;
  private final Transport transport = Transport.best();
  private final ChannelGroup arrivalListeners =
      new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
  private final InetSocketAddress target;
  private Channel publishListener;
  private Channel arrivalsListener;

  IngestRelay(InetSocketAddress target) {
    this.target = target;
    this.group = transport.newGroup(1, new DefaultThreadFactory("relay", true));
  }

  /** Listens for the publisher and for arrival listeners; returns once both accept connections. */
  IngestRelay start(InetSocketAddress publishAt, InetSocketAddress arrivalsAt)
      throws InterruptedException {
    publishListener =
        new ServerBootstrap()
            .group(group)
            .channel(transport.serverChannel())
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childOption(ChannelOption.AUTO_READ, false)
            .childHandler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    ch.pipeline().addLast(new PublisherSide());
                  }
                })
            .bind(publishAt)
            .sync()
            .channel();
    arrivalsListener =
        new ServerBootstrap()
            .group(group)
            .channel(transport.serverChannel())
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childHandler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    arrivalListeners.add(ch);
                  }
                })
            .bind(arrivalsAt)
            .sync()
            .channel();
    return this;
  }

  int publishPort() {
    return ((InetSocketAddress) publishListener.localAddress()).getPort();
  }

  int arrivalsPort() {
    return ((InetSocketAddress) arrivalsListener.localAddress()).getPort();
  }

  private void announce(long timestamp, long nanos) {
    for (Channel listener : arrivalListeners) {
      ByteBuf arrival = listener.alloc().buffer(ARRIVAL_BYTES);
      arrival.writeLong(timestamp).writeLong(nanos);
      listener.writeAndFlush(arrival, listener.voidPromise());
    }
  }

  /** The publisher's connection: relays it to the server and reads the frames as they pass. */
  private final class PublisherSide extends ChannelInboundHandlerAdapter {
    private final RtmpMessageScanner scanner;
    private int handshakeLeft = CLIENT_HANDSHAKE_BYTES;
    private long readNanos;
    private Channel server;

    PublisherSide() {
      MediaSink frames =
          (typeId, timestamp, size, keyframe) -> {
            if (typeId == 9) {
              announce(timestamp, readNanos);
            }
          };
      this.scanner =
          new RtmpMessageScanner(
              ByteBufAllocator.DEFAULT, frames, (type, stream, ts, payload) -> {});
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
      Channel publisher = ctx.channel();
      new Bootstrap()
          .group(publisher.eventLoop())
          .channel(transport.clientChannel())
          .option(ChannelOption.TCP_NODELAY, true)
          .handler(new ServerSide(publisher))
          .connect(target)
          .addListener(
              (ChannelFutureListener)
                  connected -> {
                    if (connected.isSuccess()) {
                      server = connected.channel();
                      publisher.config().setAutoRead(true);
                    } else {
                      publisher.close();
                    }
                  });
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      ByteBuf in = (ByteBuf) msg;
      readNanos = System.nanoTime();
      ByteBuf view = in.duplicate();
      int skipped = Math.min(handshakeLeft, view.readableBytes());
      view.skipBytes(skipped);
      handshakeLeft -= skipped;
      if (view.isReadable() && !scanner.scan(view)) {
        System.err.println("relay: the publisher's stream is not RTMP: " + scanner.failure());
        in.release();
        ctx.close();
        return;
      }
      server.writeAndFlush(in, server.voidPromise());
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      scanner.release();
      if (server != null) {
        server.close();
      }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close();
    }
  }

  /** The relay's connection to the server: its bytes go back to the publisher as they come. */
  private static final class ServerSide extends ChannelInboundHandlerAdapter {
    private final Channel publisher;

    ServerSide(Channel publisher) {
      this.publisher = publisher;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      publisher.writeAndFlush(msg, publisher.voidPromise());
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      publisher.close();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close();
    }
  }

  @Override
  public void close() {
    if (publishListener != null) {
      publishListener.close().syncUninterruptibly();
    }
    if (arrivalsListener != null) {
      arrivalsListener.close().syncUninterruptibly();
    }
    arrivalListeners.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
  }
}
