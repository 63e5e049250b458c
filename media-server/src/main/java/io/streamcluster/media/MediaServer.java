package io.streamcluster.media;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.streamcluster.media.edge.EdgePullConfig;
import io.streamcluster.media.edge.EdgePuller;
import io.streamcluster.media.edge.OriginAddress;
import io.streamcluster.media.edge.OriginLocator;
import io.streamcluster.media.edge.UpstreamClient;
import io.streamcluster.media.flv.HttpFlvEndpoint;
import io.streamcluster.media.http.HttpResponses;
import io.streamcluster.media.http.HttpRoutes;
import io.streamcluster.media.http.HttpServerInitializer;
import io.streamcluster.media.metrics.MediaMetrics;
import io.streamcluster.media.rtmp.RtmpContext;
import io.streamcluster.media.rtmp.RtmpFrameFormat;
import io.streamcluster.media.rtmp.RtmpServerInitializer;
import io.streamcluster.media.stream.StreamRegistry;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A media server process: the RTMP listener (publish and play) and the HTTP listener (HTTP-FLV,
 * health, metrics, and the cluster API of its role), over one set of event loops.
 */
public final class MediaServer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(MediaServer.class);

  private final MediaServerConfig config;
  private final MediaMetrics metrics = new MediaMetrics();
  private final StreamRegistry streams;
  private final Transport transport = Transport.best();
  private final ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
  private EventLoopGroup acceptors;
  private EventLoopGroup workers;
  private Channel rtmpListener;
  private Channel httpListener;
  private OriginLocator upstreamOrigins;
  private EdgePullConfig pullConfig = EdgePullConfig.DEFAULTS;
  private EdgePuller puller;
  private volatile boolean ready;

  public MediaServer(MediaServerConfig config) {
    this.config = config;
    this.streams =
        new StreamRegistry(config.limits().gopCacheMaxBytes(), config.fanOutInterval(), metrics);
    metrics.bind(streams);
  }

  /** Binds both listeners; returns once they accept connections. */
  public MediaServer start() throws InterruptedException {
    acceptors = transport.newGroup(1);
    workers = transport.newGroup(config.eventLoopThreads());
    if (config.role() == Role.EDGE) {
      puller = startPuller();
    }
    RtmpContext rtmp =
        new RtmpContext(
            streams,
            config.limits(),
            metrics,
            config.publishTokens(),
            new RtmpFrameFormat(config.limits().outboundChunkSize()),
            this::admitsPlayers,
            config.role() == Role.EDGE
                ? RtmpContext.PublishPolicy.NONE
                : RtmpContext.PublishPolicy.LOCAL);
    rtmpListener = bind(config.rtmpPort(), new RtmpServerInitializer(rtmp));
    httpListener = bind(config.httpPort(), new HttpServerInitializer(routes()));
    ready = true;
    log.info(
        "{} listening: RTMP {}:{}, HTTP {}:{} ({} transport)",
        config.role().name().toLowerCase(),
        config.bind(),
        rtmpPort(),
        config.bind(),
        httpPort(),
        transport.name().toLowerCase());
    return this;
  }

  /**
   * Edge only, before {@link #start()}: where streams are pulled from and how. Without it an edge
   * looks each stream up on the HTTP API of its configured origins ({@code host:httpPort}).
   */
  public MediaServer pullingFrom(OriginLocator origins, EdgePullConfig pullConfig) {
    this.upstreamOrigins = origins;
    this.pullConfig = pullConfig;
    return this;
  }

  private EdgePuller startPuller() {
    OriginLocator origins = upstreamOrigins;
    if (origins == null) {
      if (config.origins().isEmpty()) {
        log.warn("This edge has no origins to pull from; its players will find no streams");
        return null;
      }
      origins =
          OriginLocator.httpLookup(
              config.origins().stream().map(OriginAddress::parse).toList(),
              pullConfig.lookupTimeout());
    }
    UpstreamClient client =
        new UpstreamClient(
            workers, transport.clientChannel(), streams, config.limits(), pullConfig);
    EdgePuller edgePuller = new EdgePuller(streams, origins, client, pullConfig, workers.next());
    streams.addListener(edgePuller);
    log.info("Pulling streams on demand through {}", origins.describe());
    return edgePuller;
  }

  private HttpRoutes routes() {
    return new HttpRoutes()
        .exact(
            HttpMethod.GET,
            "/healthz",
            (ctx, req, uri) ->
                HttpResponses.send(ctx.channel(), HttpResponseStatus.OK, "ok\n", true))
        .exact(
            HttpMethod.GET,
            "/readyz",
            (ctx, req, uri) ->
                HttpResponses.send(
                    ctx.channel(),
                    ready ? HttpResponseStatus.OK : HttpResponseStatus.SERVICE_UNAVAILABLE,
                    ready ? "ready\n" : "not ready\n",
                    true))
        .exact(
            HttpMethod.GET,
            "/metrics",
            (ctx, req, uri) ->
                HttpResponses.send(
                    ctx.channel(),
                    HttpResponseStatus.OK,
                    "text/plain; version=0.0.4; charset=utf-8",
                    metrics.scrape(),
                    true))
        .matching(
            HttpMethod.GET,
            HttpFlvEndpoint.PREFIX,
            HttpFlvEndpoint.SUFFIX,
            new HttpFlvEndpoint(streams, config.limits(), metrics, this::admitsPlayers));
  }

  private Channel bind(int port, ChannelInitializer<SocketChannel> initializer)
      throws InterruptedException {
    int queue = config.limits().subscriberQueueBytes();
    ServerBootstrap bootstrap =
        new ServerBootstrap()
            .group(acceptors, workers)
            .channel(transport.serverChannel())
            .option(ChannelOption.SO_BACKLOG, 4096)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childOption(
                ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(queue / 2, queue))
            .childHandler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    connections.add(ch);
                    ch.pipeline().addLast(initializer);
                  }
                });
    return bootstrap.bind(config.bind(), port).sync().channel();
  }

  /** Whether a new player is admitted now. */
  public boolean admitsPlayers() {
    return ready && streams.subscriberCount() < config.maxSubscribers();
  }

  public int rtmpPort() {
    return ((InetSocketAddress) rtmpListener.localAddress()).getPort();
  }

  public int httpPort() {
    return ((InetSocketAddress) httpListener.localAddress()).getPort();
  }

  public StreamRegistry streams() {
    return streams;
  }

  public MediaMetrics metrics() {
    return metrics;
  }

  public MediaServerConfig config() {
    return config;
  }

  /** An edge's puller (its upstream counts), once started. */
  public Optional<EdgePuller> edgePuller() {
    return Optional.ofNullable(puller);
  }

  /** Stops listening, closes every connection, and stops the event loops. */
  @Override
  public void close() {
    ready = false;
    if (puller != null) {
      puller.close();
    }
    if (rtmpListener != null) {
      rtmpListener.close().syncUninterruptibly();
    }
    if (httpListener != null) {
      httpListener.close().syncUninterruptibly();
    }
    connections.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
    if (workers != null) {
      workers.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
    }
    if (acceptors != null) {
      acceptors.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
    }
    log.info("Media server stopped");
  }
}
