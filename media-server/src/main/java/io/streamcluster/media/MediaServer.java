package io.streamcluster.media;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.streamcluster.media.auth.MountedSecrets;
import io.streamcluster.media.auth.StreamAccess;
import io.streamcluster.media.auth.StreamTokens;
import io.streamcluster.media.edge.EdgePullConfig;
import io.streamcluster.media.edge.EdgePuller;
import io.streamcluster.media.edge.UpstreamOrigins;
import io.streamcluster.media.flv.HttpFlvEndpoint;
import io.streamcluster.media.hls.EdgeRedirect;
import io.streamcluster.media.hls.HlsEndpoint;
import io.streamcluster.media.hls.HlsSettings;
import io.streamcluster.media.hls.HlsStreams;
import io.streamcluster.media.hls.PlayerPage;
import io.streamcluster.media.http.HttpResponses;
import io.streamcluster.media.http.HttpRoutes;
import io.streamcluster.media.http.HttpServerInitializer;
import io.streamcluster.media.limits.ConnectionLimiter;
import io.streamcluster.media.limits.OutboundLimit;
import io.streamcluster.media.metrics.MediaMetrics;
import io.streamcluster.media.origin.EdgeFleet;
import io.streamcluster.media.rtmp.RtmpContext;
import io.streamcluster.media.rtmp.RtmpFrameFormat;
import io.streamcluster.media.rtmp.RtmpServerInitializer;
import io.streamcluster.media.stream.GopBudget;
import io.streamcluster.media.stream.StreamRegistry;
import io.streamcluster.media.tls.ServerCertificate;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A media server process: the RTMP listener (publish and play), the public HTTP listener (HTTP-FLV,
 * health), with TLS configured the same two over TLS (RTMPS, HTTPS), and the internal listener
 * (metrics, the cluster API; TLS when configured), over one set of event loops, with its streams
 * and metrics; what its role adds (an origin's cluster API and fleet, an edge's pulls and
 * check-ins) is a {@link RolePart}: {@link StandaloneRole}, {@link OriginRole} or {@link EdgeRole}.
 */
public final class MediaServer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(MediaServer.class);

  private final MediaServerConfig config;
  private final MediaMetrics metrics = new MediaMetrics();
  private final StreamRegistry streams;
  private final StreamAccess publishAccess;
  private final StreamAccess playAccess;
  private final ConnectionLimiter connectionLimiter;
  private final Transport.Selection transportSelection;
  private final Transport transport;
  private final ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
  private final CompletableFuture<Void> drained = new CompletableFuture<>();
  private EventLoopGroup acceptors;
  private EventLoopGroup workers;
  private Channel rtmpListener;
  private Channel httpListener;
  private Channel rtmpsListener;
  private Channel httpsListener;
  private Channel internalListener;
  private ServerCertificate certificate;
  private MountedFileWatch mountedFileWatch;
  private UpstreamOrigins upstreamOrigins;
  private EdgePullConfig pullConfig;
  private RolePart role;
  private HlsStreams hls;
  private volatile boolean ready;
  private volatile boolean draining;

  public MediaServer(MediaServerConfig config) {
    this.config = config;
    MediaLimits limits = config.limits();
    this.streams =
        new StreamRegistry(
            limits.gopCacheMaxBytes(),
            new GopBudget(limits.gopCacheTotalBytes()),
            limits.maxStreams(),
            limits.streamWaitTimeout(),
            config.fanOutInterval(),
            metrics);
    metrics.bind(streams);
    this.publishAccess =
        new StreamAccess(
            StreamTokens.Purpose.PUBLISH, config.publishTokens(), config.publishWebhook());
    this.playAccess =
        new StreamAccess(StreamTokens.Purpose.PLAY, config.playTokens(), config.playWebhook());
    this.connectionLimiter =
        new ConnectionLimiter(limits.maxConnections(), limits.maxConnectionsPerAddress(), metrics);
    this.transportSelection = Transport.select(config.transport());
    this.transport = transportSelection.transport();
  }

  /**
   * Binds every listener; returns once they accept connections. A start that fails stops what it
   * had started.
   *
   * @throws IllegalStateException when an origin or edge has no cluster secret and is not told to
   *     run its cluster API insecurely
   * @throws UncheckedIOException when the TLS certificate cannot be used
   */
  public MediaServer start() throws InterruptedException {
    if (config.servesClusterApi()
        && config.clusterSecret().isEmpty()
        && !config.insecureClusterApi()) {
      throw new IllegalStateException(
          "the cluster API needs a secret (--cluster-secret-file); --insecure-cluster-api runs it"
              + " unauthenticated, for local use only");
    }
    try {
      if (transportSelection.fellBack()) {
        log.warn("Transport {}", transportSelection.describe());
      }
      if (config.tls().isPresent()) {
        certificate = loadCertificate(config.tls().get());
      }
      acceptors = transport.newGroup(1);
      workers = transport.newGroup(config.eventLoopThreads());
      role =
          switch (config.role()) {
            case STANDALONE -> new StandaloneRole();
            case ORIGIN -> new OriginRole(this);
            case EDGE -> new EdgeRole(this, upstreamOrigins, pullConfig);
          };
      RtmpServerInitializer rtmp = new RtmpServerInitializer(rtmpContext());
      rtmpListener = bind(config.rtmpPort(), rtmp, null);
      HttpRoutes routes = publicRoutes();
      role.addRoutes(routes);
      addHlsRoutes(routes);
      HttpServerInitializer http = new HttpServerInitializer(routes, config.httpLimits(), metrics);
      httpListener = bind(config.httpPort(), http, null);
      if (certificate != null) {
        rtmpsListener = bind(config.tls().get().rtmpsPort(), rtmp, certificate);
        httpsListener = bind(config.tls().get().httpsPort(), http, certificate);
      }
      mountedFileWatch = watchMountedFiles();
      HttpRoutes internal = internalRoutes();
      role.addInternalRoutes(internal);
      internalListener =
          bind(
              config.internalPort(),
              new HttpServerInitializer(internal, config.httpLimits(), metrics),
              certificate);
    } catch (Throwable failure) {
      close();
      throw failure;
    }
    ready = true;
    role.started();
    log.info(
        "{} listening on {}: RTMP {}, HTTP {}{}, internal {}{}; transport {}",
        config.role().name().toLowerCase(),
        config.bind(),
        rtmpPort(),
        httpPort(),
        certificate == null ? "" : ", RTMPS " + rtmpsPort() + ", HTTPS " + httpsPort(),
        internalPort(),
        certificate == null ? "" : " (TLS)",
        transportSelection.describe());
    return this;
  }

  /**
   * The TLS certificate and the secret files, re-read when they change (a renewal, a rotation), as
   * often as the TLS options say; null when there is nothing to look at.
   */
  private MountedFileWatch watchMountedFiles() {
    List<MountedFileWatch.Watched> files = new ArrayList<>();
    if (certificate != null) {
      ServerCertificate served = certificate;
      files.add(new MountedFileWatch.Watched("the TLS certificate", served::reloadIfChanged));
    }
    for (MountedSecrets secrets : config.reloadedSecrets()) {
      files.add(new MountedFileWatch.Watched(secrets.file().toString(), secrets::reloadIfChanged));
    }
    if (files.isEmpty()) {
      return null;
    }
    Duration interval =
        config.tls().map(TlsOptions::reloadInterval).orElse(TlsOptions.DEFAULT_RELOAD_INTERVAL);
    return new MountedFileWatch(files, interval);
  }

  private static ServerCertificate loadCertificate(TlsOptions tls) {
    try {
      return ServerCertificate.load(tls.certificateFile(), tls.keyFile(), Clock.systemUTC());
    } catch (IOException e) {
      throw new UncheckedIOException(e.getMessage(), e);
    }
  }

  /**
   * Edge only, before {@link #start()}: where streams are pulled from and how. Without it an edge
   * looks each stream up on the cluster API of its configured origins ({@code host:internalPort}).
   */
  public MediaServer pullingFrom(UpstreamOrigins origins, EdgePullConfig pull) {
    this.upstreamOrigins = origins;
    this.pullConfig = pull;
    return this;
  }

  private RtmpContext rtmpContext() {
    return new RtmpContext(
        streams,
        config.limits(),
        metrics,
        new RtmpFrameFormat(config.limits().outboundChunkSize()),
        this::admitsPlayers,
        role.publishing(),
        role.publishGate(),
        publishAccess,
        playAccess);
  }

  /** What players reach, on the HTTP and HTTPS ports: playback and health. */
  private HttpRoutes publicRoutes() {
    return health(new HttpRoutes())
        .matching(
            HttpMethod.GET,
            HttpFlvEndpoint.PREFIX,
            HttpFlvEndpoint.SUFFIX,
            new HttpFlvEndpoint(
                streams, config.limits(), metrics, this::admitsPlayers, playAccess));
  }

  /** What only the cluster reaches, on the internal port: metrics and health (roles add theirs). */
  private HttpRoutes internalRoutes() {
    return health(new HttpRoutes())
        .exact(
            HttpMethod.GET,
            "/metrics",
            (ctx, req, uri) ->
                HttpResponses.send(
                    ctx.channel(),
                    HttpResponseStatus.OK,
                    "text/plain; version=0.0.4; charset=utf-8",
                    metrics.scrape(),
                    true));
  }

  private HttpRoutes health(HttpRoutes routes) {
    return routes
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
            });
  }

  /** HLS and the web player, on every role; an origin hands new players to its edges. */
  private void addHlsRoutes(HttpRoutes routes) {
    hls =
        new HlsStreams(
            workers,
            streams,
            HlsSettings.defaults(config.limits().streamWaitTimeout()),
            metrics,
            this::admitsPlayers);
    EdgeRedirect redirect = role.edgeRedirect();
    new HlsEndpoint(hls, redirect, metrics, this::admitsPlayers, playAccess).addTo(routes);
    new PlayerPage(redirect).addTo(routes);
  }

  /**
   * @param tls when not null, every connection speaks TLS with the certificate current when it
   *     connects, in front of {@code initializer}'s pipeline
   */
  private Channel bind(
      int port, ChannelInitializer<? extends Channel> initializer, ServerCertificate tls)
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
                    ch.pipeline().addLast("connectionLimit", connectionLimiter);
                    ch.pipeline().addLast("outboundLimit", outboundLimit());
                    if (tls != null) {
                      ch.pipeline().addLast("tls", tls.newHandler(ch.alloc()));
                    }
                    ch.pipeline().addLast(initializer);
                  }
                });
    return bootstrap.bind(config.bind(), port).sync().channel();
  }

  /** The bound on what is queued for a peer that does not read; one per connection. */
  private OutboundLimit outboundLimit() {
    MediaLimits limits = config.limits();
    return new OutboundLimit(limits.maxOutboundBytes(), limits.playerOutboundBytes(), metrics);
  }

  /**
   * Who may play: the check every playback endpoint asks before it accepts a player (play tokens,
   * the play webhook). Completes off the event loop when a webhook is asked: continue on the
   * channel's loop.
   */
  public StreamAccess playbackAccess() {
    return playAccess;
  }

  /** Connections open on all listeners now. */
  public int connectionCount() {
    return connectionLimiter.connections();
  }

  /**
   * What {@code /readyz} says: "ready"; "draining"; "not ready" while starting or stopping; or why
   * the role is not ready yet (an edge that no origin hands out yet).
   */
  private String readiness() {
    if (draining) {
      return "draining";
    }
    if (!ready) {
      return "not ready";
    }
    return role.notReady().orElse("ready");
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
    Duration timeout = config.drainTimeout();
    log.info(
        "Draining: no new players; waiting up to {} s for {} players to leave",
        timeout.toSeconds(),
        streams.subscriberCount());
    if (ready) {
      role.draining();
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

  public int rtmpPort() {
    return ((InetSocketAddress) rtmpListener.localAddress()).getPort();
  }

  public int httpPort() {
    return ((InetSocketAddress) httpListener.localAddress()).getPort();
  }

  /** The RTMPS port; 0 without TLS. */
  public int rtmpsPort() {
    return rtmpsListener == null ? 0 : port(rtmpsListener);
  }

  /** The HTTPS port; 0 without TLS. */
  public int httpsPort() {
    return httpsListener == null ? 0 : port(httpsListener);
  }

  /** The internal port: metrics and the cluster API. */
  public int internalPort() {
    return port(internalListener);
  }

  /** The certificate the TLS listeners serve now, when TLS is configured. */
  public Optional<ServerCertificate> certificate() {
    return Optional.ofNullable(certificate);
  }

  private static int port(Channel listener) {
    return ((InetSocketAddress) listener.localAddress()).getPort();
  }

  /** On an origin, the edges that check in with it. */
  public Optional<EdgeFleet> fleet() {
    return role instanceof OriginRole origin ? Optional.of(origin.fleet()) : Optional.empty();
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
    return role instanceof EdgeRole edge ? edge.puller() : Optional.empty();
  }

  /** The event loops, for a role's own connections. */
  EventLoopGroup workers() {
    return workers;
  }

  Transport transport() {
    return transport;
  }

  /** Stops listening, closes every connection, and stops the event loops. */
  @Override
  public void close() {
    ready = false;
    if (role != null) {
      role.close();
    }
    if (hls != null) {
      hls.close();
    }
    if (rtmpListener != null) {
      rtmpListener.close().syncUninterruptibly();
    }
    if (mountedFileWatch != null) {
      mountedFileWatch.close();
    }
    for (Channel listener :
        new Channel[] {httpListener, rtmpsListener, httpsListener, internalListener}) {
      if (listener != null) {
        listener.close().syncUninterruptibly();
      }
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
