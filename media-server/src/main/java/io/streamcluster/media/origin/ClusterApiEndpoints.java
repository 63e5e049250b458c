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
import io.streamcluster.media.clusterapi.StreamLocation;
import io.streamcluster.media.http.HttpResponses;
import io.streamcluster.media.http.HttpRoutes;
import io.streamcluster.media.stream.LiveStream;
import io.streamcluster.media.stream.StreamRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
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
 * /api/v1/streams/{name}}, {@code POST /api/v1/edges/{id}/checkin} and {@code /drain}. Every JSON
 * body is one of the contract's records in {@code clusterapi}.
 */
public final class ClusterApiEndpoints {

  private static final Logger log = LoggerFactory.getLogger(ClusterApiEndpoints.class);

  /** {@code /cluster?tls=true}: the next edge's RTMPS address instead of its RTMP one. */
  public static final String TLS_PARAMETER = "tls";

  private final EdgeFleet fleet;
  private final StreamRegistry streams;
  private final Optional<ClusterSecret> secret;
  private final ReplayGuard replays = new ReplayGuard(Clock.systemUTC());
  private final int rtmpPort;
  private final List<String> peers;

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
    Optional<EdgeView> edge = fleet.next(null, RoutingPolicy.ROUND_ROBIN, eligible(tls.get()));
    if (edge.isEmpty()) {
      HttpResponses.send(
          ctx.channel(),
          HttpResponseStatus.SERVICE_UNAVAILABLE,
          noEdge(tls.get()) + "\n",
          keepAlive);
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
      call.error(HttpResponseStatus.SERVICE_UNAVAILABLE, noEdge(tls.get()));
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

  private String noEdge(boolean tls) {
    return (tls ? "no edge with TLS is ready with room: " : "no edge is ready with room: ")
        + fleet.summary();
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
            fleet.ttl().toSeconds());
    call.get().reply(HttpResponseStatus.OK, view);
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
      Optional<ClusterSecret> secret,
      String nonce) {

    static Call open(ChannelHandlerContext ctx, FullHttpRequest req) {
      return new Call(ctx, req, Optional.empty(), null);
    }

    void error(HttpResponseStatus status, String message) throws IOException {
      reply(status, new ApiError(message));
    }

    void reply(HttpResponseStatus status, Object body) throws IOException {
      String json = ClusterJson.MAPPER.writeValueAsString(body);
      Map<String, String> headers =
          nonce == null
              ? Map.of()
              : Map.of(
                  ClusterSecret.REPLY_HEADER,
                  secret
                      .orElseThrow()
                      .signReply(nonce, status.code(), json.getBytes(StandardCharsets.UTF_8)));
      HttpResponses.send(
          ctx.channel(), status, HttpResponses.JSON, json, HttpUtil.isKeepAlive(req), headers);
    }
  }
}
