package io.streamcluster.media.http;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;
import io.streamcluster.media.limits.Refusals;

/**
 * The HTTP pipeline: codec (request line and header sizes bounded), the request clocks (header and
 * idle timeouts), keep-alive, CORS for playback, a small aggregator (requests are tiny), the
 * router.
 */
public final class HttpServerInitializer extends ChannelInitializer<Channel> {

  private final HttpRoutes routes;
  private final HttpLimits limits;
  private final Refusals refusals;

  /** The routes with the default limits, refusals not counted. */
  public HttpServerInitializer(HttpRoutes routes) {
    this(routes, HttpLimits.DEFAULTS, Refusals.NONE);
  }

  public HttpServerInitializer(HttpRoutes routes, HttpLimits limits, Refusals refusals) {
    this.routes = routes;
    this.limits = limits;
    this.refusals = refusals;
  }

  @Override
  protected void initChannel(Channel ch) {
    ch.pipeline()
        .addLast(
            "http",
            new HttpServerCodec(
                new HttpDecoderConfig()
                    .setMaxInitialLineLength(limits.maxRequestLineBytes())
                    .setMaxHeaderSize(limits.maxHeaderBytes())))
        .addLast("requestTimeouts", new HttpRequestTimeouts(limits, refusals))
        .addLast("keepAlive", new HttpServerKeepAliveHandler())
        .addLast("cors", new PlaybackCors())
        .addLast("aggregator", new HttpObjectAggregator(limits.maxBodyBytes()))
        .addLast("router", new HttpRequestHandler(routes, refusals));
  }
}
