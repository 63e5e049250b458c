package io.streamcluster.media.origin;

import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
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
import io.streamcluster.media.clusterapi.ReplayGuard;
import io.streamcluster.media.clusterapi.RotationAdvice;
import io.streamcluster.media.clusterapi.StreamLocation;
import io.streamcluster.media.http.HttpResponses;
import io.streamcluster.media.http.HttpRoutes;
import io.streamcluster.media.stream.LiveStream;
import io.streamcluster.media.stream.StreamRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The origin's side of the cluster API. On the public ports, for players: {@code GET /cluster}
 * (Red5 Pro-compatible round-robin) and {@code GET /api/v1/edges/next}. On the internal port, for
 * edges, peers and the operator, each call signed with the cluster secret, refused when replayed,
 * and answered with a signed reply: {@code GET /api/v1/cluster}, {@code GET
 * /api/v1/streams/{name}}, {@code POST /api/v1/edges/{id}/checkin} and {@code /drain}, and the
 * scaling loop's {@code PUT /api/v1/rotation}. Every JSON body is one of the contract's records in
 * {@code clusterapi}.
 *
 * <p>When no edge has room a viewer asking for one is held while the cluster can still grow (edges
 * are on their way, or the scaling loop may still add some; {@link HeldViewers}), and otherwise
 * answered 503 with a {@code Retry-After}.
 */
public final class ClusterApiEndpoints {

  private static final Logger log = LoggerFactory.getLogger(ClusterApiEndpoints.class);

  /** {@code /cluster?tls=true}: the next edge's RTMPS address instead of its RTMP one. */
  public static final String TLS_PARAMETER = "tls";

  /** The longest hold an advice may ask for: beyond it mobile clients time out anyway. */
  static final int MAX_HOLD_SECONDS = (int) EdgeFleet.MAX_HOLD.toSeconds();

  private final EdgeFleet fleet;
  private final StreamRegistry streams;
  private final Optional<ClusterSecret> secret;
  private final ReplayGuard replays = new ReplayGuard(Clock.systemUTC());
  private final int rtmpPort;
  private final List<String> peers;
  private final HeldViewers held;

  /**
   * @param secret authenticates the internal calls; empty only when the server runs with {@code
   *     --insecure-cluster-api}
   * @param rtmpPort this origin's RTMP port, which edges pull from
   * @param peers the other origins ({@code host:internalPort})
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

  /** What players call, on the public HTTP and HTTPS ports. */
  public void addPublicTo(HttpRoutes routes) {
    routes
        .exact(HttpMethod.GET, ClusterApiPaths.NEXT_EDGE_ADDRESS, this::nextEdgeAddress)
        .exact(HttpMethod.GET, ClusterApiPaths.NEXT_EDGE, this::nextEdge);
  }

  /** What edges, origin peers and the operator call, on the internal port. */
  public void addInternalTo(HttpRoutes routes) {
    routes
        .exact(HttpMethod.GET, ClusterApiPaths.CLUSTER_VIEW, this::clusterView)
        .matching(HttpMethod.GET, ClusterApiPaths.STREAMS, "", this::streamLookup)
        .exact(HttpMethod.PUT, ClusterApiPaths.ROTATION, this::rotation)
        .matching(HttpMethod.POST, ClusterApiPaths.EDGES, ClusterApiPaths.CHECK_IN, this::checkIn)
        .matching(HttpMethod.POST, ClusterApiPaths.EDGES, ClusterApiPaths.DRAIN, this::drain);
  }

  private void nextEdgeAddress(
      ChannelHandlerContext ctx, FullHttpRequest req, QueryStringDecoder uri) {
    boolean keepAlive = HttpUtil.isKeepAlive(req);
    Optional<Boolean> tls = tlsRequested(uri);
    if (tls.isEmpty()) {
      HttpResponses.send(
          ctx.channel(),
          HttpResponseStatus.BAD_REQUEST,
          TLS_PARAMETER + " must be true or false\n",
          keepAlive);
      return;
    }
    boolean overTls = tls.get();
    Optional<EdgeView> edge = fleet.next(null, RoutingPolicy.ROUND_ROBIN, eligible(overTls));
    if (edge.isEmpty()) {
      whenFull(
          ctx,
          null,
          RoutingPolicy.ROUND_ROBIN,
          overTls,
          new HeldViewers.Answer() {
            @Override
            public void edge(EdgeView found) {
              HttpResponses.send(
                  ctx.channel(),
                  HttpResponseStatus.OK,
                  overTls ? found.rtmpsAddress() : found.rtmpAddress(),
                  keepAlive);
            }

            @Override
            public void refused(Duration retryAfter) {
              HttpResponses.send(
                  ctx.channel(),
                  HttpResponseStatus.SERVICE_UNAVAILABLE,
                  HttpResponses.TEXT,
                  noEdge(overTls, retryAfter) + "\n",
                  keepAlive,
                  retryAfter(retryAfter));
            }
          });
      return;
    }
    HttpResponses.send(
        ctx.channel(),
        HttpResponseStatus.OK,
        tls.get() ? edge.get().rtmpsAddress() : edge.get().rtmpAddress(),
        keepAlive);
  }

  private void nextEdge(ChannelHandlerContext ctx, FullHttpRequest req, QueryStringDecoder uri)
      throws IOException {
    Call call = Call.open(ctx, req);
    String stream = first(uri, "stream");
    String policyText = Optional.ofNullable(first(uri, "policy")).orElse("round-robin");
    Optional<RoutingPolicy> policy = RoutingPolicy.parse(policyText);
    if (policy.isEmpty()) {
      call.error(HttpResponseStatus.BAD_REQUEST, "policy must be round-robin or least-loaded");
      return;
    }
    Optional<Boolean> tls = tlsRequested(uri);
    if (tls.isEmpty()) {
      call.error(HttpResponseStatus.BAD_REQUEST, TLS_PARAMETER + " must be true or false");
      return;
    }
    Optional<EdgeView> edge = fleet.next(stream, policy.get(), eligible(tls.get()));
    if (edge.isEmpty()) {
      whenFull(
          ctx,
          stream,
          policy.get(),
          tls.get(),
          new HeldViewers.Answer() {
            @Override
            public void edge(EdgeView found) {
              call.later(HttpResponseStatus.OK, NextEdge.to(found, stream), Map.of());
            }

            @Override
            public void refused(Duration retryAfter) {
              call.later(
                  HttpResponseStatus.SERVICE_UNAVAILABLE,
                  new ApiError(noEdge(tls.get(), retryAfter)),
                  retryAfter(retryAfter));
            }
          });
      return;
    }
    call.reply(HttpResponseStatus.OK, NextEdge.to(edge.get(), stream));
  }

  /** {@code ?tls=true|1} or {@code false|0}; absent is false; anything else is empty. */
  private static Optional<Boolean> tlsRequested(QueryStringDecoder uri) {
    String value = first(uri, TLS_PARAMETER);
    if (value == null || value.equals("false") || value.equals("0")) {
      return Optional.of(false);
    }
    if (value.equals("true") || value.equals("1")) {
      return Optional.of(true);
    }
    return Optional.empty();
  }

  private static Predicate<EdgeView> eligible(boolean tls) {
    return tls ? EdgeView::hasTls : edge -> true;
  }

  /**
   * No edge has room: holds the viewer while the cluster can still grow (if not too many wait
   * already), else refuses it with a Retry-After.
   */
  private void whenFull(
      ChannelHandlerContext ctx,
      String stream,
      RoutingPolicy policy,
      boolean tls,
      HeldViewers.Answer answer) {
    Instant since = fleet.clock().instant();
    Optional<Instant> until = fleet.holdUntil(since);
    if (until.isPresent()
        && held.hold(ctx, stream, policy, eligible(tls), since, until.get(), answer)) {
      return;
    }
    answer.refused(fleet.refuse());
  }

  private String noEdge(boolean tls, Duration retryAfter) {
    return (tls ? "no edge with TLS is ready with room: " : "no edge is ready with room: ")
        + fleet.summary()
        + "; retry in "
        + retryAfterSeconds(retryAfter)
        + " s";
  }

  private static Map<String, String> retryAfter(Duration wait) {
    return Map.of(HttpHeaderNames.RETRY_AFTER.toString(), String.valueOf(retryAfterSeconds(wait)));
  }

  /** Whole seconds, rounded up: a client that comes back early is only refused again. */
  private static long retryAfterSeconds(Duration wait) {
    return Math.max(1, (wait.toMillis() + 999) / 1000);
  }

  private void clusterView(ChannelHandlerContext ctx, FullHttpRequest req, QueryStringDecoder uri)
      throws IOException {
    Optional<Call> call = authenticated(ctx, req, uri);
    if (call.isEmpty()) {
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
    call.get().reply(HttpResponseStatus.OK, view);
  }

  /** The scaling loop's advice: the target, the overflow, the hold and the edges on their way. */
  private void rotation(ChannelHandlerContext ctx, FullHttpRequest req, QueryStringDecoder uri)
      throws IOException {
    Optional<Call> call = authenticated(ctx, req, uri);
    if (call.isEmpty()) {
      return;
    }
    RotationAdvice advice;
    try {
      advice =
          ClusterJson.MAPPER.readValue(ByteBufUtil.getBytes(req.content()), RotationAdvice.class);
    } catch (IOException e) {
      call.get()
          .error(HttpResponseStatus.BAD_REQUEST, "malformed rotation advice: " + e.getMessage());
      return;
    }
    if (advice.targetSubscribersPerEdge() < 0
        || advice.holdSeconds() < 0
        || advice.holdSeconds() > MAX_HOLD_SECONDS
        || advice.pendingEdges() < 0) {
      call.get()
          .error(
              HttpResponseStatus.BAD_REQUEST,
              "rotation advice out of range: target and pending edges must not be negative, the"
                  + " hold within 0.."
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
    call.get().reply(HttpResponseStatus.OK, advice);
  }

  private void streamLookup(ChannelHandlerContext ctx, FullHttpRequest req, QueryStringDecoder uri)
      throws IOException {
    Optional<Call> call = authenticated(ctx, req, uri);
    if (call.isEmpty()) {
      return;
    }
    String name = ClusterApiPaths.streamName(uri.path());
    Optional<LiveStream> stream = streams.find(name).filter(LiveStream::isLive);
    if (stream.isEmpty()) {
      call.get().error(HttpResponseStatus.NOT_FOUND, "no stream '" + name + "' is live here");
      return;
    }
    call.get().reply(HttpResponseStatus.OK, StreamLocation.live(name, rtmpPort));
  }

  private void checkIn(ChannelHandlerContext ctx, FullHttpRequest req, QueryStringDecoder uri)
      throws IOException {
    Optional<Call> call = authenticated(ctx, req, uri);
    if (call.isEmpty()) {
      return;
    }
    String id = ClusterApiPaths.edgeId(uri.path(), ClusterApiPaths.CHECK_IN);
    CheckIn checkIn;
    try {
      checkIn = ClusterJson.MAPPER.readValue(ByteBufUtil.getBytes(req.content()), CheckIn.class);
    } catch (IOException e) {
      call.get().error(HttpResponseStatus.BAD_REQUEST, "malformed check-in: " + e.getMessage());
      return;
    }
    if (checkIn.id() == null || !checkIn.id().equals(id) || checkIn.host() == null) {
      call.get().error(HttpResponseStatus.BAD_REQUEST, "check-in id and host must match the path");
      return;
    }
    if (fleet.edges().stream().noneMatch(e -> e.id().equals(id))) {
      log.info(
          "Edge {} checked in from {} ({}:{}{})",
          id,
          ctx.channel().remoteAddress(),
          checkIn.host(),
          checkIn.rtmpPort(),
          checkIn.rtmpsPort() > 0 ? ", RTMPS " + checkIn.rtmpsPort() : "");
    }
    call.get().reply(HttpResponseStatus.OK, fleet.checkIn(checkIn));
  }

  private void drain(ChannelHandlerContext ctx, FullHttpRequest req, QueryStringDecoder uri)
      throws IOException {
    Optional<Call> call = authenticated(ctx, req, uri);
    if (call.isEmpty()) {
      return;
    }
    String id = ClusterApiPaths.edgeId(uri.path(), ClusterApiPaths.DRAIN);
    if (!fleet.drain(id)) {
      call.get().error(HttpResponseStatus.NOT_FOUND, "no edge '" + id + "' has checked in");
      return;
    }
    log.info("Edge {} leaves the rotation: drain requested", id);
    call.get().reply(HttpResponseStatus.OK, new DrainReply(id, EdgeState.DRAINING));
  }

  /**
   * The call, when its signature (over the path as it was sent, before any percent-decoding) is
   * good, fresh and not seen before; otherwise answers 401 itself and returns empty.
   */
  private Optional<Call> authenticated(
      ChannelHandlerContext ctx, FullHttpRequest req, QueryStringDecoder uri) throws IOException {
    if (secret.isEmpty()) {
      return Optional.of(Call.open(ctx, req));
    }
    String path = uri.rawPath();
    ClusterSecret.Verification verification =
        secret
            .get()
            .verify(
                req.headers().get(HttpHeaderNames.AUTHORIZATION),
                req.method().name(),
                path,
                ByteBufUtil.getBytes(req.content()));
    String problem = verification.valid() ? replays.refusal(verification) : verification.problem();
    if (problem == null) {
      return Optional.of(new Call(ctx, req, secret, verification.nonce()));
    }
    log.warn(
        "Refusing {} {} from {}: {}", req.method(), path, ctx.channel().remoteAddress(), problem);
    Call.open(ctx, req)
        .error(HttpResponseStatus.UNAUTHORIZED, "cluster secret signature required: " + problem);
    return Optional.empty();
  }

  private static String first(QueryStringDecoder uri, String name) {
    List<String> values = uri.parameters().get(name);
    return values == null || values.isEmpty() || values.get(0).isBlank() ? null : values.get(0);
  }

  /**
   * One request being answered; the answer to an authenticated call is signed for its nonce.
   *
   * @param nonce the authenticated request's nonce; null for an open call
   */
  private record Call(
      ChannelHandlerContext ctx,
      FullHttpRequest req,
      boolean keepAlive,
      Optional<ClusterSecret> secret,
      String nonce) {

    Call(
        ChannelHandlerContext ctx,
        FullHttpRequest req,
        Optional<ClusterSecret> secret,
        String nonce) {
      this(ctx, req, HttpUtil.isKeepAlive(req), secret, nonce);
    }

    static Call open(ChannelHandlerContext ctx, FullHttpRequest req) {
      return new Call(ctx, req, Optional.empty(), null);
    }

    void error(HttpResponseStatus status, String message) throws IOException {
      reply(status, new ApiError(message));
    }

    void reply(HttpResponseStatus status, Object body) throws IOException {
      send(status, body, Map.of(), HttpUtil.isKeepAlive(req));
    }

    /**
     * Answers after the handler returned (a held viewer): the request is released by then, so this
     * is an open call's answer, with {@code extra} headers.
     */
    void later(HttpResponseStatus status, Object body, Map<String, String> extra) {
      try {
        send(status, body, extra, keepAlive);
      } catch (IOException e) {
        log.warn("Cannot write {} as JSON", body, e);
        ctx.close();
      }
    }

    private void send(
        HttpResponseStatus status, Object body, Map<String, String> extra, boolean keepAlive)
        throws IOException {
      String json = ClusterJson.MAPPER.writeValueAsString(body);
      Map<String, String> headers = new HashMap<>(extra);
      if (nonce != null) {
        headers.put(
            ClusterSecret.REPLY_HEADER,
            secret
                .orElseThrow()
                .signReply(nonce, status.code(), json.getBytes(StandardCharsets.UTF_8)));
      }
      HttpResponses.send(ctx.channel(), status, HttpResponses.JSON, json, keepAlive, headers);
    }
  }
}
