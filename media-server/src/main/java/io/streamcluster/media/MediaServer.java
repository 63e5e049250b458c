package io.streamcluster.media;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.streamcluster.media.clusterapi.CheckIn;
import io.streamcluster.media.clusterapi.ClusterApiClient;
import io.streamcluster.media.clusterapi.ClusterApiPaths;
import io.streamcluster.media.clusterapi.ClusterJson;
import io.streamcluster.media.clusterapi.EdgeState;
import io.streamcluster.media.edge.CheckInClient;
import io.streamcluster.media.edge.EdgeLoad;
import io.streamcluster.media.edge.EdgeMetrics;
import io.streamcluster.media.edge.EdgePullConfig;
import io.streamcluster.media.edge.EdgePuller;
import io.streamcluster.media.edge.OriginAddress;
import io.streamcluster.media.edge.UpstreamClient;
import io.streamcluster.media.edge.UpstreamMetrics;
import io.streamcluster.media.edge.UpstreamOrigins;
import io.streamcluster.media.flv.HttpFlvEndpoint;
import io.streamcluster.media.http.HttpResponses;
import io.streamcluster.media.http.HttpRoutes;
import io.streamcluster.media.http.HttpServerInitializer;
import io.streamcluster.media.metrics.MediaMetrics;
import io.streamcluster.media.origin.ClusterApiEndpoints;
import io.streamcluster.media.origin.EdgeFleet;
import io.streamcluster.media.origin.FleetMetrics;
import io.streamcluster.media.origin.OriginPeers;
import io.streamcluster.media.rtmp.PublishGate;
import io.streamcluster.media.rtmp.RtmpContext;
import io.streamcluster.media.rtmp.RtmpFrameFormat;
import io.streamcluster.media.rtmp.RtmpServerInitializer;
import io.streamcluster.media.stream.LiveStream;
import io.streamcluster.media.stream.StreamRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
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
  private final CompletableFuture<Void> drained = new CompletableFuture<>();
  private UpstreamOrigins upstreamOrigins;
  private EdgePullConfig pullConfig;
  private EdgePuller puller;
  private volatile boolean ready;
  private volatile boolean draining;
  private volatile CheckInClient checkIns;
  private EdgeFleet fleet;

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
      if (puller != null) {
        new UpstreamMetrics(puller).bindTo(metrics.registry());
      }
      new EdgeMetrics(config.maxSubscribers(), () -> draining).bindTo(metrics.registry());
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
                : RtmpContext.PublishPolicy.LOCAL,
            config.role() == Role.ORIGIN
                ? new OriginPeers(config.origins())::whereLive
                : PublishGate.NOWHERE_ELSE);
    rtmpListener = bind(config.rtmpPort(), new RtmpServerInitializer(rtmp));
    HttpRoutes routes = routes();
    if (config.role() == Role.ORIGIN) {
      fleet = new EdgeFleet(Clock.systemUTC(), config.cluster().edgeTtl());
      new FleetMetrics(fleet).bindTo(metrics.registry());
      new ClusterApiEndpoints(
              fleet, streams, config.cluster().secret(), rtmpPort(), config.origins())
          .addTo(routes);
      if (config.cluster().secret().isEmpty()) {
        log.warn(
            "No --cluster-secret-file: the cluster API takes check-ins and drains from anyone");
      }
    }
    if (config.role() == Role.EDGE) {
      routes.exact(HttpMethod.GET, ClusterApiPaths.EDGE_LOAD, this::edgeView);
    }
    httpListener = bind(config.httpPort(), new HttpServerInitializer(routes));
    ready = true;
    if (config.role() == Role.EDGE) {
      checkIns =
          new CheckInClient(
              config.origins(),
              new ServerLoad(),
              new ClusterApiClient(config.cluster().checkInInterval().multipliedBy(2))
                  .signedWith(config.cluster().secret()),
              config.cluster().checkInInterval(),
              this::drain);
      checkIns.start();
    }
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
  public MediaServer pullingFrom(UpstreamOrigins origins, EdgePullConfig pullConfig) {
    this.upstreamOrigins = origins;
    this.pullConfig = pullConfig;
    return this;
  }

  private EdgePuller startPuller() {
    if (pullConfig == null) {
      pullConfig = EdgePullConfig.DEFAULTS.withGrace(config.cluster().upstreamGrace());
    }
    UpstreamOrigins origins = upstreamOrigins;
    if (origins == null) {
      if (config.origins().isEmpty()) {
        log.warn("This edge has no origins to pull from; its players will find no streams");
        return null;
      }
      origins =
          UpstreamOrigins.httpLookup(
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
            (ctx, req, uri) -> {
              String state = readiness();
              HttpResponses.send(
                  ctx.channel(),
                  state.equals("ready")
                      ? HttpResponseStatus.OK
                      : HttpResponseStatus.SERVICE_UNAVAILABLE,
                  state + "\n",
                  true);
            })
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

  /**
   * What {@code /readyz} says: "ready"; "draining"; "not checked in with any origin yet" for an
   * edge that no origin hands out yet; or "not ready" while starting or stopping.
   */
  private String readiness() {
    if (draining) {
      return "draining";
    }
    if (!ready) {
      return "not ready";
    }
    CheckInClient edgeCheckIns = checkIns;
    if (edgeCheckIns != null && !edgeCheckIns.hasCheckedIn()) {
      return "not checked in with any origin yet";
    }
    return "ready";
  }

  /** Whether a new player is admitted now. */
  public boolean admitsPlayers() {
    return ready && !draining && streams.subscriberCount() < config.maxSubscribers();
  }

  /**
   * Takes no new players from now on and completes when the last one has left or the drain timeout
   * has passed; safe to call more than once.
   */
  public synchronized CompletableFuture<Void> drain() {
    if (draining) {
      return drained;
    }
    draining = true;
    Duration timeout = config.cluster().drainTimeout();
    log.info(
        "Draining: no new players; waiting up to {} s for {} players to leave",
        timeout.toSeconds(),
        streams.subscriberCount());
    if (checkIns != null) {
      checkIns.checkInEverywhere();
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    EventLoop loop = workers.next();
    loop.scheduleAtFixedRate(
        () -> {
          int left = streams.subscriberCount();
          boolean timedOut = System.nanoTime() > deadline;
          if ((left == 0 || timedOut) && !drained.isDone()) {
            log.info(
                left == 0 ? "Drained: no players left" : "Drain timeout: {} players still attached",
                left);
            drained.complete(null);
          }
        },
        250,
        250,
        TimeUnit.MILLISECONDS);
    return drained;
  }

  /** Completes when a drain has finished (whoever started it). */
  public CompletableFuture<Void> drained() {
    return drained;
  }

  public boolean isDraining() {
    return draining;
  }

  private void edgeView(ChannelHandlerContext ctx, FullHttpRequest req, QueryStringDecoder uri)
      throws IOException {
    HttpResponses.send(
        ctx.channel(),
        HttpResponseStatus.OK,
        HttpResponses.JSON,
        ClusterJson.MAPPER.writeValueAsString(new ServerLoad().snapshot()),
        HttpUtil.isKeepAlive(req));
  }

  /** This server's load, as an edge reports it. */
  private final class ServerLoad implements EdgeLoad {
    @Override
    public EdgeState state() {
      return draining ? EdgeState.DRAINING : EdgeState.READY;
    }

    @Override
    public CheckIn snapshot() {
      Map<String, Integer> perStream = new TreeMap<>();
      for (LiveStream stream : streams.streams()) {
        if (stream.subscriberCount() > 0) {
          perStream.put(stream.name(), stream.subscriberCount());
        }
      }
      return new CheckIn(
          config.cluster().edgeId(),
          config.advertiseHost(),
          rtmpPort(),
          httpPort(),
          state(),
          streams.subscriberCount(),
          config.maxSubscribers(),
          perStream,
          (long) metrics.bytesOutTotal());
    }
  }

  public int rtmpPort() {
    return ((InetSocketAddress) rtmpListener.localAddress()).getPort();
  }

  public int httpPort() {
    return ((InetSocketAddress) httpListener.localAddress()).getPort();
  }

  /** On an origin, the edges that check in with it. */
  public Optional<EdgeFleet> fleet() {
    return Optional.ofNullable(fleet);
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
    if (checkIns != null) {
      checkIns.close();
    }
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
