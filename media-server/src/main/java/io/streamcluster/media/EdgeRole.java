package io.streamcluster.media;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.streamcluster.media.clusterapi.CheckIn;
import io.streamcluster.media.clusterapi.ClusterApiClient;
import io.streamcluster.media.clusterapi.ClusterApiPaths;
import io.streamcluster.media.clusterapi.ClusterJson;
import io.streamcluster.media.clusterapi.EdgeState;
import io.streamcluster.media.edge.AdvertisedHost;
import io.streamcluster.media.edge.CheckInClient;
import io.streamcluster.media.edge.EdgeLoad;
import io.streamcluster.media.edge.EdgeMetrics;
import io.streamcluster.media.edge.EdgePullConfig;
import io.streamcluster.media.edge.EdgePuller;
import io.streamcluster.media.edge.OriginAddress;
import io.streamcluster.media.edge.UpstreamClient;
import io.streamcluster.media.edge.UpstreamMetrics;
import io.streamcluster.media.edge.UpstreamOrigins;
import io.streamcluster.media.http.HttpResponses;
import io.streamcluster.media.http.HttpRoutes;
import io.streamcluster.media.rtmp.RtmpContext;
import io.streamcluster.media.stream.LiveStream;
import io.streamcluster.media.stream.StreamRegistry;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What an edge adds: it takes no publishers; its streams are pulled from the origins when their
 * first player arrives; it checks in with every origin, whose reply may ask it to drain, and is
 * ready only once an origin has accepted a check-in (before that no origin hands it out); it serves
 * its own load at {@code GET /api/v1/edge} on its internal port; and its capacity and upstream
 * meters.
 */
final class EdgeRole implements RolePart, EdgeLoad {

  private static final Logger log = LoggerFactory.getLogger(EdgeRole.class);

  private final MediaServer server;
  private final EdgeOptions options;
  private final ClusterApiClient api;
  private final Optional<EdgePuller> puller;
  private final CheckInClient checkIns;
  private final AdvertisedHost advertisedHost;

  /**
   * @param upstreamOrigins where streams are pulled from; null: looked up on the cluster API of the
   *     configured origins
   * @param pullConfig how; null: the defaults with the configured grace
   */
  EdgeRole(MediaServer server, UpstreamOrigins upstreamOrigins, EdgePullConfig pullConfig) {
    this.server = server;
    this.options = server.config().edge();
    this.api =
        new ClusterApiClient(options.checkInInterval().multipliedBy(2), server.config().originTls())
            .signedWith(server.config().clusterSecret());
    this.advertisedHost =
        options
            .advertiseHostFile()
            .map(AdvertisedHost::fromFile)
            .orElseGet(() -> AdvertisedHost.fixed(options.advertiseHost()));
    this.puller =
        startPuller(
            upstreamOrigins,
            pullConfig != null
                ? pullConfig
                : EdgePullConfig.DEFAULTS.withGrace(options.upstreamGrace()));
    puller.ifPresent(p -> new UpstreamMetrics(p).bindTo(server.metrics().registry()));
    new EdgeMetrics(server.config().maxSubscribers(), server::isDraining)
        .bindTo(server.metrics().registry());
    this.checkIns =
        new CheckInClient(options.origins(), this, api, options.checkInInterval(), server::drain);
  }

  private Optional<EdgePuller> startPuller(
      UpstreamOrigins upstreamOrigins, EdgePullConfig pullConfig) {
    UpstreamOrigins origins;
    if (upstreamOrigins != null) {
      origins = upstreamOrigins;
    } else if (options.origins().isEmpty()) {
      log.warn("This edge has no origins to pull from; its players will find no streams");
      return Optional.empty();
    } else {
      origins =
          UpstreamOrigins.httpLookup(
              options.origins().stream().map(OriginAddress::parse).toList(),
              api.withTimeout(pullConfig.lookupTimeout()));
    }
    StreamRegistry streams = server.streams();
    UpstreamClient client =
        new UpstreamClient(
            server.workers(),
            server.transport().clientChannel(),
            streams,
            server.config().limits(),
            pullConfig);
    EdgePuller edgePuller =
        new EdgePuller(streams, origins, client, pullConfig, server.workers().next());
    streams.addListener(edgePuller);
    log.info("Pulling streams on demand through {}", origins.describe());
    return Optional.of(edgePuller);
  }

  @Override
  public RtmpContext.PublishPolicy publishing() {
    return RtmpContext.PublishPolicy.NONE;
  }

  @Override
  public void addInternalRoutes(HttpRoutes routes) {
    routes.exact(HttpMethod.GET, ClusterApiPaths.EDGE_LOAD, this::edgeLoad);
  }

  @Override
  public void started() {
    checkIns.start();
  }

  @Override
  public Optional<String> notReady() {
    Optional<String> noAddress = advertisedHost.missing();
    if (noAddress.isPresent()) {
      return noAddress;
    }
    return checkIns.hasCheckedIn()
        ? Optional.empty()
        : Optional.of("not checked in with any origin yet");
  }

  @Override
  public boolean advertisable() {
    return advertisedHost.refresh().isPresent();
  }

  /** Tells the origins at once, so they stop handing this edge out. */
  @Override
  public void draining() {
    checkIns.checkInEverywhere();
  }

  @Override
  public EdgeState state() {
    return server.isDraining() ? EdgeState.DRAINING : EdgeState.READY;
  }

  @Override
  public CheckIn snapshot() {
    StreamRegistry streams = server.streams();
    Map<String, Integer> perStream = new TreeMap<>();
    for (LiveStream stream : streams.streams()) {
      if (stream.subscriberCount() > 0) {
        perStream.put(stream.name(), stream.subscriberCount());
      }
    }
    return new CheckIn(
        options.id(),
        advertisedHost.current().orElse(""),
        server.rtmpPort(),
        server.httpPort(),
        state(),
        streams.subscriberCount(),
        server.config().maxSubscribers(),
        perStream,
        (long) server.metrics().bytesOutTotal(),
        server.rtmpsPort(),
        server.httpsPort());
  }

  private void edgeLoad(ChannelHandlerContext ctx, FullHttpRequest req, QueryStringDecoder uri)
      throws IOException {
    HttpResponses.send(
        ctx.channel(),
        HttpResponseStatus.OK,
        HttpResponses.JSON,
        ClusterJson.MAPPER.writeValueAsString(snapshot()),
        HttpUtil.isKeepAlive(req));
  }

  /** The puller, when the edge has origins to pull from. */
  Optional<EdgePuller> puller() {
    return puller;
  }

  @Override
  public void close() {
    checkIns.close();
    puller.ifPresent(EdgePuller::close);
  }
}
