package io.streamcluster.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class TransportTest {

  @Test
  void theFlagIsReadInAnyCase() {
    assertThat(TransportChoice.parse("io_uring")).isEqualTo(TransportChoice.IO_URING);
    assertThat(TransportChoice.parse(" EPOLL ")).isEqualTo(TransportChoice.EPOLL);
    assertThat(TransportChoice.parse("Nio")).isEqualTo(TransportChoice.NIO);
    assertThat(TransportChoice.parse("auto")).isEqualTo(TransportChoice.AUTO);
    assertThatThrownBy(() -> TransportChoice.parse("kqueue"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("auto, io_uring, epoll or nio");
  }

  @Test
  void aTransportAvailableHereIsTheOneThatRunsAndTheLogNamesIt() {
    Transport.Selection selection =
        Transport.select(TransportChoice.IO_URING, t -> Optional.empty());

    assertThat(selection.transport()).isEqualTo(Transport.IO_URING);
    assertThat(selection.fellBack()).isFalse();
    assertThat(selection.describe()).isEqualTo("io_uring");
  }

  @Test
  void anUnavailableTransportFallsBackToTheNextAndTheLogSaysWhy() {
    Transport.Selection selection =
        Transport.select(TransportChoice.IO_URING, unavailable(Transport.IO_URING));

    assertThat(selection.transport()).isEqualTo(Transport.EPOLL);
    assertThat(selection.fellBack()).isTrue();
    assertThat(selection.describe())
        .isEqualTo("epoll (asked for io_uring; io_uring unavailable: not on this kernel)");
  }

  @Test
  void withoutEitherNativeTransportNioRuns() {
    Transport.Selection selection =
        Transport.select(
            TransportChoice.IO_URING, unavailable(Transport.IO_URING, Transport.EPOLL));

    assertThat(selection.transport()).isEqualTo(Transport.NIO);
    assertThat(selection.describe())
        .isEqualTo(
            "nio (asked for io_uring; io_uring unavailable: not on this kernel;"
                + " epoll unavailable: not on this kernel)");
  }

  @Test
  void autoKeepsEpollUntilTheBenchmarkJustifiesAnother() {
    Transport.Selection selection = Transport.select(TransportChoice.AUTO, t -> Optional.empty());

    assertThat(selection.transport()).isEqualTo(TransportChoice.AUTO_PREFERS);
    assertThat(selection.transport()).isEqualTo(Transport.EPOLL);
    assertThat(selection.fellBack()).isFalse();
    assertThat(selection.describe()).isEqualTo("epoll (auto)");
    assertThat(Transport.select(TransportChoice.AUTO, unavailable(Transport.EPOLL)).describe())
        .isEqualTo("nio (auto; epoll unavailable: not on this kernel)");
  }

  @Test
  void everyTransportAvailableHereCarriesBytesOverLoopback() throws Exception {
    for (Transport transport : Transport.values()) {
      if (transport.unavailability().isPresent()) {
        assertThat(transport).isNotEqualTo(Transport.NIO);
        continue;
      }
      assertThat(echoOverLoopback(transport)).as(transport.flagName()).isEqualTo((byte) 42);
    }
  }

  private static Function<Transport, Optional<Throwable>> unavailable(Transport... missing) {
    Set<Transport> gone = Set.copyOf(Arrays.asList(missing));
    return t ->
        gone.contains(t)
            ? Optional.of(new UnsupportedOperationException("not on this kernel"))
            : Optional.empty();
  }

  /** Sends one byte from a client to a server of {@code transport}, which sends it back. */
  private static byte echoOverLoopback(Transport transport) throws Exception {
    EventLoopGroup group = transport.newGroup(1);
    try {
      Channel server =
          new ServerBootstrap()
              .group(group)
              .channel(transport.serverChannel())
              .childHandler(
                  new ChannelInboundHandlerAdapter() {
                    @Override
                    public void channelRead(ChannelHandlerContext ctx, Object msg) {
                      ctx.writeAndFlush(msg);
                    }
                  })
              .bind("127.0.0.1", 0)
              .sync()
              .channel();
      CompletableFuture<Byte> echoed = new CompletableFuture<>();
      Channel client =
          new Bootstrap()
              .group(group)
              .channel(transport.clientChannel())
              .handler(
                  new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                      ch.pipeline()
                          .addLast(
                              new SimpleChannelInboundHandler<ByteBuf>() {
                                @Override
                                protected void channelRead0(ChannelHandlerContext ctx, ByteBuf b) {
                                  echoed.complete(b.readByte());
                                }
                              });
                    }
                  })
              .connect((InetSocketAddress) server.localAddress())
              .sync()
              .channel();
      client.writeAndFlush(client.alloc().buffer(1).writeByte(42));
      byte answer = echoed.get(10, TimeUnit.SECONDS);
      client.close().sync();
      server.close().sync();
      return answer;
    } finally {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }
  }
}
