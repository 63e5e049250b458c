package io.streamcluster.load;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;

/** Native epoll when the platform has it, NIO otherwise. */
record ClientTransport(
    String name, IoHandlerFactory ioHandlerFactory, Class<? extends SocketChannel> channelClass) {

  static ClientTransport best() {
    if (Epoll.isAvailable()) {
      return new ClientTransport("epoll", EpollIoHandler.newFactory(), EpollSocketChannel.class);
    }
    return new ClientTransport("nio", NioIoHandler.newFactory(), NioSocketChannel.class);
  }

  EventLoopGroup newGroup(int threads) {
    return new MultiThreadIoEventLoopGroup(
        threads, new DefaultThreadFactory("load", true), ioHandlerFactory);
  }
}
