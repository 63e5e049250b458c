package io.streamcluster.media.http;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;

/** The HTTP pipeline: codec, keep-alive, a small aggregator (requests are tiny), the router. */
public final class HttpServerInitializer extends ChannelInitializer<SocketChannel> {

  /** Largest request body accepted; check-ins and API calls are a few KiB. */
  private static final int MAX_REQUEST_BYTES = 256 * 1024;

  private final HttpRoutes routes;

  public HttpServerInitializer(HttpRoutes routes) {
    this.routes = routes;
  }

  @Override
  protected void initChannel(SocketChannel ch) {
    ch.pipeline()
        .addLast("http", new HttpServerCodec())
        .addLast("keepAlive", new HttpServerKeepAliveHandler())
        .addLast("aggregator", new HttpObjectAggregator(MAX_REQUEST_BYTES))
        .addLast("router", new HttpRequestHandler(routes));
  }
}
