package io.streamcluster.media.origin;

import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.streamcluster.media.clusterapi.ApiError;
import io.streamcluster.media.clusterapi.CheckIn;
import io.streamcluster.media.clusterapi.ClusterApiPaths;
import io.streamcluster.media.clusterapi.ClusterJson;
import io.streamcluster.media.clusterapi.ClusterSecret;
import io.streamcluster.media.clusterapi.ClusterView;
import io.streamcluster.media.clusterapi.DrainReply;
import io.streamcluster.media.clusterapi.EdgeState;
import io.streamcluster.media.clusterapi.EdgeView;
import io.streamcluster.media.clusterapi.NextEdge;
import io.streamcluster.media.clusterapi.RotationAdvice;
import io.streamcluster.media.clusterapi.StreamLocation;
import io.streamcluster.media.http.HttpResponses;
import io.streamcluster.media.http.HttpRoutes;
import io.streamcluster.media.stream.LiveStream;
import io.streamcluster.media.stream.StreamRegistry;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The origin's side of the cluster API: {@code GET /cluster} (Red5 Pro-compatible round-robin),
 * {@code GET /api/v1/edges/next}, {@code GET /api/v1/cluster}, {@code GET /api/v1/streams/{name}},
 * and the authenticated {@code POST /api/v1/edges/{id}/checkin} and {@code /drain} and {@code PUT
 * /api/v1/rotation}. Every JSON body is one of the contract's records in {@code clusterapi}.
 *
 * <p>When no edge has room a viewer asking for one is held for a moment while edges are on their
 * way ({@link HeldViewers}), and otherwise answered 503 with a {@code Retry-After}.
 */
public final class ClusterApiEndpoints {

  private static final Logger log = LoggerFactory.getLogger(ClusterApiEndpoints.class);

  /** The longest hold an advice may ask for: beyond it mobile clients time out anyway. */
  static final int MAX_HOLD_SECONDS = 60;

  private final EdgeFleet fleet;
  private final StreamRegistry streams;
  private final Optional<ClusterSecret> secret;
  private final int rtmpPort;
  private final List<String> peers;
  private final HeldViewers held;

  /**
   * @param rtmpPort this origin's RTMP port, which edges pull from
   * @param peers the other origins ({@code host:httpPort})
   */
  public ClusterApiEndpoints(
      EdgeFleet fleet,
      StreamRegistry streams,
      Optional<ClusterSecret> secret,
      int rtmpPort,
      List<String> peers) {
    this.fleet = fleet;
    this.streams = streams;
    this.secret = secret;
    this.rtmpPort = rtmpPort;
    this.peers = List.copyOf(peers);
    this.held = new HeldViewers(fleet);
  }

  /** Viewers held right now for an edge with room. */
  public int waitingViewers() {
    return held.size();
  }

  public void addTo(HttpRoutes routes) {
    routes
        .exact(HttpMethod.GET, ClusterApiPaths.NEXT_EDGE_ADDRESS, this::nextEdgeAddress)
        .exact(HttpMethod.GET, ClusterApiPaths.NEXT_EDGE, this::nextEdge)
        .exact(HttpMethod.GET, ClusterApiPaths.CLUSTER_VIEW, this::clusterView)
        .matching(HttpMethod.GET, ClusterApiPaths.STREAMS, "", this::streamLookup)
        .exact(HttpMethod.PUT, ClusterApiPaths.ROTATION, this::rotation)
        .matching(HttpMethod.POST, ClusterApiPaths.EDGES, ClusterApiPaths.CHECK_IN, this::checkIn)
        .matching(HttpMethod.POST, ClusterApiPaths.EDGES, ClusterApiPaths.DRAIN, this::drain);
  }

  private void nextEdgeAddress(
      ChannelHandlerContext ctx, FullHttpRequest req, QueryStringDecoder uri) {
    boolean keepAlive = HttpUtil.isKeepAlive(req);
    Optional<EdgeView> edge = fleet.next();
    if (edge.isEmpty()) {
      whenFull(
          ctx,
          null,
          RoutingPolicy.ROUND_ROBIN,
          new HeldViewers.Answer() {
            @Override
            public void edge(EdgeView found) {
              HttpResponses.send(
                  ctx.channel(), HttpResponseStatus.OK, found.rtmpAddress(), keepAlive);
            }

            @Override
            public void refused(Duration retryAfter) {
              HttpResponses.send(
                  ctx.channel(),
                  HttpResponseStatus.SERVICE_UNAVAILABLE,
                  HttpResponses.TEXT,
                  noEdge(retryAfter) + "\n",
                  keepAlive,
                  retryAfter(retryAfter));
            }
          });
      return;
    }
    HttpResponses.send(ctx.channel(), HttpResponseStatus.OK, edge.get().rtmpAddress(), keepAlive);
  }

  /**
   * No edge has room: holds the viewer while new edges are on their way (if not too many wait
   * already), else refuses it with a Retry-After.
   */
  private void whenFull(
      ChannelHandlerContext ctx, String stream, RoutingPolicy policy, HeldViewers.Answer answer) {
    Duration hold = fleet.holdFor();
    if (!hold.isZero() && !hold.isNegative() && held.hold(ctx, stream, policy, hold, answer)) {
      return;
    }
    answer.refused(fleet.refuse());
  }

  private String noEdge(Duration retryAfter) {
    return "no edge is ready with room: "
        + fleet.summary()
        + "; retry in "
        + retryAfterSeconds(retryAfter)
        + " s";
  }

  private static HttpHeaders retryAfter(Duration wait) {
    return new DefaultHttpHeaders().set(HttpHeaderNames.RETRY_AFTER, retryAfterSeconds(wait));
  }

  /** Whole seconds, rounded up: a client that comes back early is only refused again. */
  private static long retryAfterSeconds(Duration wait) {
    return Math.max(1, (wait.toMillis() + 999) / 1000);
  }

  private void nextEdge(ChannelHandlerContext ctx, FullHttpRequest req, QueryStringDecoder uri)
      throws IOException {
    String stream = first(uri, "stream");
    String policyText = Optional.ofNullable(first(uri, "policy")).orElse("round-robin");
    Optional<RoutingPolicy> policy = RoutingPolicy.parse(policyText);
    if (policy.isEmpty()) {
      error(ctx, req, HttpResponseStatus.BAD_REQUEST, "policy must be round-robin or least-loaded");
      return;
    }
    Optional<EdgeView> edge = fleet.next(stream, policy.get());
    if (edge.isEmpty()) {
      boolean keepAlive = HttpUtil.isKeepAlive(req);
      whenFull(
          ctx,
          stream,
          policy.get(),
          new HeldViewers.Answer() {
            @Override
            public void edge(EdgeView found) {
              json(ctx, keepAlive, HttpResponseStatus.OK, NextEdge.to(found, stream), null);
            }

            @Override
            public void refused(Duration retryAfter) {
              json(
                  ctx,
                  keepAlive,
                  HttpResponseStatus.SERVICE_UNAVAILABLE,
                  new ApiError(noEdge(retryAfter)),
                  retryAfter(retryAfter));
            }
          });
      return;
    }
    json(ctx, req, HttpResponseStatus.OK, NextEdge.to(edge.get(), stream));
  }

  private void clusterView(ChannelHandlerContext ctx, FullHttpRequest req, QueryStringDecoder uri)
      throws IOException {
    if (!authenticated(ctx, req, uri)) {
      return;
    }
    List<ClusterView.StreamView> streamViews =
        streams.streams().stream()
            .map(s -> new ClusterView.StreamView(s.name(), s.isLive(), s.subscriberCount()))
            .toList();
    List<EdgeView> edges = fleet.edges();
    ClusterView view =
        new ClusterView(
            new ClusterView.OriginView(rtmpPort),
            peers,
            streamViews,
            edges,
            edges.stream().filter(e -> e.state() == EdgeState.READY).count(),
            fleet.subscribers(),
            fleet.ttl().toSeconds(),
            fleet.refusals(),
            held.size());
    json(ctx, req, HttpResponseStatus.OK, view);
  }

  /** The scaling loop's advice: the target, the overflow, the hold and the edges on their way. */
  private void rotation(ChannelHandlerContext ctx, FullHttpRequest req, QueryStringDecoder uri)
      throws IOException {
    if (!authenticated(ctx, req, uri)) {
      return;
    }
    RotationAdvice advice;
    try {
      advice =
          ClusterJson.MAPPER.readValue(ByteBufUtil.getBytes(req.content()), RotationAdvice.class);
    } catch (IOException e) {
      error(
          ctx, req, HttpResponseStatus.BAD_REQUEST, "malformed rotation advice: " + e.getMessage());
      return;
    }
    if (advice.targetSubscribersPerEdge() < 0
        || advice.holdSeconds() < 0
        || advice.holdSeconds() > MAX_HOLD_SECONDS
        || advice.pendingEdges() < 0) {
      error(
          ctx,
          req,
          HttpResponseStatus.BAD_REQUEST,
          "rotation advice out of range: target and pending edges must not be negative, the hold"
              + " within 0.."
              + MAX_HOLD_SECONDS
              + " s");
      return;
    }
    RotationAdvice before = fleet.advice();
    fleet.advise(advice);
    if (before.targetSubscribersPerEdge() != advice.targetSubscribersPerEdge()
        || before.overflowToCapacity() != advice.overflowToCapacity()
        || before.holdSeconds() != advice.holdSeconds()) {
      log.info(
          "Rotation: target {} per edge, {}, hold up to {} s",
          advice.targetSubscribersPerEdge(),
          advice.overflowToCapacity() ? "overflow up to capacity" : "no overflow",
          advice.holdSeconds());
    }
    // a larger limit may have made room for those waiting
    held.serveWaiting();
    json(ctx, req, HttpResponseStatus.OK, advice);
  }

  private void streamLookup(ChannelHandlerContext ctx, FullHttpRequest req, QueryStringDecoder uri)
      throws IOException {
    String name = ClusterApiPaths.streamName(uri.path());
    Optional<LiveStream> stream = streams.find(name).filter(LiveStream::isLive);
    if (stream.isEmpty()) {
      error(ctx, req, HttpResponseStatus.NOT_FOUND, "no stream '" + name + "' is live here");
      return;
    }
    json(ctx, req, HttpResponseStatus.OK, StreamLocation.live(name, rtmpPort));
  }

  private void checkIn(ChannelHandlerContext ctx, FullHttpRequest req, QueryStringDecoder uri)
      throws IOException {
    if (!authenticated(ctx, req, uri)) {
      return;
    }
    String id = ClusterApiPaths.edgeId(uri.path(), ClusterApiPaths.CHECK_IN);
    CheckIn checkIn;
    try {
      checkIn = ClusterJson.MAPPER.readValue(ByteBufUtil.getBytes(req.content()), CheckIn.class);
    } catch (IOException e) {
      error(ctx, req, HttpResponseStatus.BAD_REQUEST, "malformed check-in: " + e.getMessage());
      return;
    }
    if (checkIn.id() == null || !checkIn.id().equals(id) || checkIn.host() == null) {
      error(ctx, req, HttpResponseStatus.BAD_REQUEST, "check-in id and host must match the path");
      return;
    }
    if (fleet.edges().stream().noneMatch(e -> e.id().equals(id))) {
      log.info(
          "Edge {} checked in from {} ({}:{})",
          id,
          ctx.channel().remoteAddress(),
          checkIn.host(),
          checkIn.rtmpPort());
    }
    json(ctx, req, HttpResponseStatus.OK, fleet.checkIn(checkIn));
  }

  private void drain(ChannelHandlerContext ctx, FullHttpRequest req, QueryStringDecoder uri)
      throws IOException {
    if (!authenticated(ctx, req, uri)) {
      return;
    }
    String id = ClusterApiPaths.edgeId(uri.path(), ClusterApiPaths.DRAIN);
    if (!fleet.drain(id)) {
      error(ctx, req, HttpResponseStatus.NOT_FOUND, "no edge '" + id + "' has checked in");
      return;
    }
    log.info("Edge {} leaves the rotation: drain requested", id);
    json(ctx, req, HttpResponseStatus.OK, new DrainReply(id, EdgeState.DRAINING));
  }

  /** Checks the signature over the path as it was sent, before any percent-decoding. */
  private boolean authenticated(
      ChannelHandlerContext ctx, FullHttpRequest req, QueryStringDecoder uri) throws IOException {
    if (secret.isEmpty()) {
      return true;
    }
    String header = req.headers().get(HttpHeaderNames.AUTHORIZATION);
    String path = uri.rawPath();
    if (secret
        .get()
        .verify(header, req.method().name(), path, ByteBufUtil.getBytes(req.content()))) {
      return true;
    }
    log.warn(
        "Refusing {} {} from {}: {}",
        req.method(),
        path,
        ctx.channel().remoteAddress(),
        header == null ? "no credentials" : "wrong or stale cluster signature");
    error(ctx, req, HttpResponseStatus.UNAUTHORIZED, "cluster secret signature required");
    return false;
  }

  private static String first(QueryStringDecoder uri, String name) {
    List<String> values = uri.parameters().get(name);
    return values == null || values.isEmpty() || values.get(0).isBlank() ? null : values.get(0);
  }

  private static void error(
      ChannelHandlerContext ctx, FullHttpRequest req, HttpResponseStatus status, String message)
      throws IOException {
    json(ctx, req, status, new ApiError(message));
  }

  private static void json(
      ChannelHandlerContext ctx, FullHttpRequest req, HttpResponseStatus status, Object body)
      throws IOException {
    HttpResponses.send(
        ctx.channel(),
        status,
        HttpResponses.JSON,
        ClusterJson.MAPPER.writeValueAsString(body),
        HttpUtil.isKeepAlive(req));
  }

  /** A JSON answer sent later than the request (which is released by then), with extra headers. */
  private static void json(
      ChannelHandlerContext ctx,
      boolean keepAlive,
      HttpResponseStatus status,
      Object body,
      HttpHeaders headers) {
    try {
      HttpResponses.send(
          ctx.channel(),
          status,
          HttpResponses.JSON,
          ClusterJson.MAPPER.writeValueAsString(body),
          keepAlive,
          headers);
    } catch (IOException e) {
      log.warn("Cannot write {} as JSON", body, e);
      ctx.close();
    }
  }
}
