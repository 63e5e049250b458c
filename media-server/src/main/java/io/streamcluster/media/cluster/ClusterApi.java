package io.streamcluster.media.cluster;

import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.streamcluster.media.http.HttpResponses;
import io.streamcluster.media.http.HttpRoutes;
import io.streamcluster.media.stream.LiveStream;
import io.streamcluster.media.stream.StreamRegistry;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The origin's cluster API: {@code GET /cluster} (Red5 Pro-compatible round-robin), {@code GET
 * /api/v1/edges/next}, {@code GET /api/v1/cluster}, {@code GET /api/v1/streams/{name}}, and the
 * authenticated {@code POST /api/v1/edges/{id}/checkin} and {@code /drain}.
 */
public final class ClusterApi {

  private static final Logger log = LoggerFactory.getLogger(ClusterApi.class);
  private static final String EDGES = "/api/v1/edges/";

  private final EdgeFleet fleet;
  private final StreamRegistry streams;
  private final Optional<ClusterSecret> secret;
  private final int rtmpPort;
  private final List<String> peers;

  /**
   * @param rtmpPort this origin's RTMP port, which edges pull from
   * @param peers the other origins ({@code host:httpPort})
   */
  public ClusterApi(
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

  public void addTo(HttpRoutes routes) {
    routes
        .exact(HttpMethod.GET, "/cluster", this::nextEdgeText)
        .exact(HttpMethod.GET, "/api/v1/edges/next", this::nextEdgeJson)
        .exact(HttpMethod.GET, "/api/v1/cluster", this::clusterView)
        .matching(HttpMethod.GET, "/api/v1/streams/", "", this::streamLookup)
        .matching(HttpMethod.POST, EDGES, "/checkin", this::checkIn)
        .matching(HttpMethod.POST, EDGES, "/drain", this::drain);
  }

  private void nextEdgeText(
      ChannelHandlerContext ctx, FullHttpRequest req, QueryStringDecoder uri) {
    boolean keepAlive = HttpUtil.isKeepAlive(req);
    Optional<EdgeView> edge = fleet.next();
    if (edge.isEmpty()) {
      HttpResponses.send(
          ctx.channel(),
          HttpResponseStatus.SERVICE_UNAVAILABLE,
          "no edge is ready with room: " + fleetSummary() + "\n",
          keepAlive);
      return;
    }
    HttpResponses.send(ctx.channel(), HttpResponseStatus.OK, edge.get().rtmpAddress(), keepAlive);
  }

  private void nextEdgeJson(ChannelHandlerContext ctx, FullHttpRequest req, QueryStringDecoder uri)
      throws IOException {
    String stream = first(uri, "stream");
    String policyText = Optional.ofNullable(first(uri, "policy")).orElse("round-robin");
    Optional<RoutingPolicy> policy = RoutingPolicy.parse(policyText);
    if (policy.isEmpty()) {
      json(
          ctx,
          req,
          HttpResponseStatus.BAD_REQUEST,
          error("policy must be round-robin or least-loaded"));
      return;
    }
    Optional<EdgeView> edge = fleet.next(stream, policy.get());
    if (edge.isEmpty()) {
      json(
          ctx,
          req,
          HttpResponseStatus.SERVICE_UNAVAILABLE,
          error("no edge is ready with room: " + fleetSummary()));
      return;
    }
    EdgeView chosen = edge.get();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("id", chosen.id());
    body.put("host", chosen.host());
    body.put("rtmpPort", chosen.rtmpPort());
    body.put("httpPort", chosen.httpPort());
    body.put("address", chosen.rtmpAddress());
    if (stream != null) {
      body.put("rtmpUrl", "rtmp://" + chosen.host() + ":" + chosen.rtmpPort() + "/live/" + stream);
      body.put(
          "flvUrl",
          "http://" + chosen.host() + ":" + chosen.httpPort() + "/live/" + stream + ".flv");
    }
    json(ctx, req, HttpResponseStatus.OK, body);
  }

  private void clusterView(ChannelHandlerContext ctx, FullHttpRequest req, QueryStringDecoder uri)
      throws IOException {
    if (!authenticated(ctx, req, uri.path())) {
      return;
    }
    List<Map<String, Object>> streamViews = new ArrayList<>();
    for (LiveStream stream : streams.streams()) {
      Map<String, Object> view = new LinkedHashMap<>();
      view.put("name", stream.name());
      view.put("live", stream.isLive());
      view.put("originSubscribers", stream.subscriberCount());
      streamViews.add(view);
    }
    List<EdgeView> edges = fleet.edges();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("origin", Map.of("rtmpPort", rtmpPort));
    body.put("peers", peers);
    body.put("streams", streamViews);
    body.put("edges", edges);
    body.put("edgesReady", edges.stream().filter(e -> e.state() == EdgeState.READY).count());
    body.put("subscribers", fleet.subscribers());
    body.put("edgeTtlSeconds", fleet.ttl().toSeconds());
    json(ctx, req, HttpResponseStatus.OK, body);
  }

  private void streamLookup(ChannelHandlerContext ctx, FullHttpRequest req, QueryStringDecoder uri)
      throws IOException {
    String name = uri.path().substring("/api/v1/streams/".length());
    Optional<LiveStream> stream = streams.find(name).filter(LiveStream::isLive);
    if (stream.isEmpty()) {
      json(ctx, req, HttpResponseStatus.NOT_FOUND, error("no stream '" + name + "' is live here"));
      return;
    }
    json(ctx, req, HttpResponseStatus.OK, Map.of("name", name, "live", true, "rtmpPort", rtmpPort));
  }

  private void checkIn(ChannelHandlerContext ctx, FullHttpRequest req, QueryStringDecoder uri)
      throws IOException {
    if (!authenticated(ctx, req, uri.path())) {
      return;
    }
    String id = edgeId(uri.path(), "/checkin");
    CheckIn checkIn;
    try {
      checkIn = ClusterJson.MAPPER.readValue(ByteBufUtil.getBytes(req.content()), CheckIn.class);
    } catch (IOException e) {
      json(
          ctx, req, HttpResponseStatus.BAD_REQUEST, error("malformed check-in: " + e.getMessage()));
      return;
    }
    if (checkIn.id() == null || !checkIn.id().equals(id) || checkIn.host() == null) {
      json(
          ctx,
          req,
          HttpResponseStatus.BAD_REQUEST,
          error("check-in id and host must match the path"));
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
    if (!authenticated(ctx, req, uri.path())) {
      return;
    }
    String id = edgeId(uri.path(), "/drain");
    if (!fleet.drain(id)) {
      json(ctx, req, HttpResponseStatus.NOT_FOUND, error("no edge '" + id + "' has checked in"));
      return;
    }
    log.info("Edge {} leaves the rotation: drain requested", id);
    json(ctx, req, HttpResponseStatus.OK, Map.of("id", id, "state", EdgeState.DRAINING));
  }

  private boolean authenticated(ChannelHandlerContext ctx, FullHttpRequest req, String path)
      throws IOException {
    if (secret.isEmpty()) {
      return true;
    }
    String header = req.headers().get(HttpHeaderNames.AUTHORIZATION);
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
    json(ctx, req, HttpResponseStatus.UNAUTHORIZED, error("cluster secret signature required"));
    return false;
  }

  private String fleetSummary() {
    List<EdgeView> edges = fleet.edges();
    if (edges.isEmpty()) {
      return "no edge has checked in";
    }
    long ready = edges.stream().filter(e -> e.state() == EdgeState.READY).count();
    long full = edges.stream().filter(e -> e.state() == EdgeState.READY && !e.available()).count();
    long draining = edges.stream().filter(e -> e.state() == EdgeState.DRAINING).count();
    long gone = edges.stream().filter(e -> e.state() == EdgeState.GONE).count();
    return ready + " ready (" + full + " full), " + draining + " draining, " + gone + " gone";
  }

  private static String edgeId(String path, String suffix) {
    return path.substring(EDGES.length(), path.length() - suffix.length());
  }

  private static String first(QueryStringDecoder uri, String name) {
    List<String> values = uri.parameters().get(name);
    return values == null || values.isEmpty() || values.get(0).isBlank() ? null : values.get(0);
  }

  private static Map<String, String> error(String message) {
    return Map.of("error", message);
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
}
