package io.streamcluster.media.hls;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.streamcluster.media.auth.StreamAccess;
import io.streamcluster.media.auth.StreamKey;
import io.streamcluster.media.http.HttpEndpoint;
import io.streamcluster.media.http.HttpRoutes;
import io.streamcluster.media.metrics.MediaMetrics;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /live/<stream>/<resource>}: HLS playlists, initialization sections, segments and parts
 * (see {@link HlsUris}). On an origin with edges, a new player's {@code index.m3u8} is sent to an
 * edge instead ({@link EdgeRedirect}); the rest of the rendition is served by whoever packages it.
 *
 * <p>Who may play ({@link StreamAccess}: play tokens, the play webhook) is asked for every playlist
 * request when the server checks players: {@code index.m3u8} carries the token, and hands it on in
 * the media playlist URI it gives, so each reload carries it too (an HLS player's token must
 * outlive its viewing). Initialization sections, segments and parts are not checked: their names
 * change with every packager run and they are cached by CDNs for everyone.
 */
public final class HlsEndpoint implements HttpEndpoint {

  public static final String PREFIX = "/live/";

  private static final Logger log = LoggerFactory.getLogger(HlsEndpoint.class);

  private final HlsStreams streams;
  private final EdgeRedirect redirect;
  private final MediaMetrics metrics;
  private final BooleanSupplier admitsPlayers;
  private final StreamAccess playAccess;

  public HlsEndpoint(
      HlsStreams streams,
      EdgeRedirect redirect,
      MediaMetrics metrics,
      BooleanSupplier admitsPlayers,
      StreamAccess playAccess) {
    this.streams = streams;
    this.redirect = redirect;
    this.metrics = metrics;
    this.admitsPlayers = admitsPlayers;
    this.playAccess = playAccess;
  }

  /** Routes the rendition's three kinds of names. */
  public void addTo(HttpRoutes routes) {
    for (String suffix : List.of(".m3u8", ".m4s", ".mp4")) {
      routes.matching(HttpMethod.GET, PREFIX, suffix, this);
    }
  }

  @Override
  public void handle(ChannelHandlerContext ctx, FullHttpRequest request, QueryStringDecoder uri) {
    boolean keepAlive = HttpUtil.isKeepAlive(request);
    String rest = uri.path().substring(PREFIX.length());
    int slash = rest.indexOf('/');
    HlsUris.Resource resource =
        slash > 0 && rest.indexOf('/', slash + 1) < 0
            ? HlsUris.parse(rest.substring(slash + 1))
            : null;
    String name = slash > 0 ? rest.substring(0, slash) : rest;
    if (resource == null || !validName(name)) {
      HlsResponses.text(ctx.channel(), HttpResponseStatus.NOT_FOUND, "not found", keepAlive);
      return;
    }
    if (resource.kind() == HlsUris.Kind.MULTIVARIANT) {
      Optional<String> edge = redirect.edgeFor(name, HlsResponses.overTls(ctx.channel()));
      if (edge.isPresent()) {
        HlsResponses.redirect(ctx.channel(), edge.get() + request.uri(), keepAlive);
        return;
      }
      if (!admitsPlayers.getAsBoolean()) {
        metrics.refused("full");
        HlsResponses.text(
            ctx.channel(),
            HttpResponseStatus.SERVICE_UNAVAILABLE,
            "this server takes no more players; ask /cluster for another",
            keepAlive);
        return;
      }
    }
    long msn;
    int part;
    try {
      msn = number(uri, "_HLS_msn", Long.MAX_VALUE / 2);
      part = (int) number(uri, "_HLS_part", Integer.MAX_VALUE);
    } catch (NumberFormatException e) {
      HlsResponses.text(
          ctx.channel(), HttpResponseStatus.BAD_REQUEST, "bad delivery directive", keepAlive);
      return;
    }
    if (part >= 0 && msn < 0) {
      HlsResponses.text(
          ctx.channel(), HttpResponseStatus.BAD_REQUEST, "_HLS_part needs _HLS_msn", keepAlive);
      return;
    }
    String rawQuery = rawQuery(request.uri());
    HlsRequest hls =
        new HlsRequest(
            ctx.channel(),
            name,
            resource,
            first(uri, HlsUris.SESSION),
            msn,
            part,
            skip(first(uri, "_HLS_skip")),
            request.headers().get(HttpHeaderNames.RANGE),
            keepAlive,
            accessQuery(rawQuery));
    boolean playlist =
        resource.kind() == HlsUris.Kind.MULTIVARIANT || resource.kind() == HlsUris.Kind.MEDIA;
    if (!playlist || playAccess.isOpen()) {
      streams.dispatch(hls);
      return;
    }
    checkThenDispatch(hls, rawQuery);
  }

  /** Asks who may play, reading nothing more from the connection meanwhile; a refusal is a 403. */
  private void checkThenDispatch(HlsRequest hls, String rawQuery) {
    Channel channel = hls.channel();
    StreamKey key;
    try {
      key = StreamKey.parse(rawQuery.isEmpty() ? hls.stream() : hls.stream() + "?" + rawQuery);
    } catch (IllegalArgumentException e) {
      metrics.refused("bad_name");
      HlsResponses.text(channel, HttpResponseStatus.BAD_REQUEST, e.getMessage(), hls.keepAlive());
      return;
    }
    playAccess.checkOnLoop(
        key,
        rawQuery,
        channel,
        "hls",
        decision -> {
          if (decision.allowed()) {
            streams.dispatch(hls);
            return;
          }
          metrics.refused(decision.refusal());
          log.info(
              "Refusing HLS player {} of '{}': {}",
              channel.remoteAddress(),
              hls.stream(),
              decision.reason());
          HlsResponses.text(
              channel, HttpResponseStatus.FORBIDDEN, decision.reason(), hls.keepAlive());
        });
  }

  private static String rawQuery(String uri) {
    int question = uri.indexOf('?');
    return question < 0 ? "" : uri.substring(question + 1);
  }

  /** The query's parameters that are not HLS's own (session, delivery directives), as sent. */
  private static String accessQuery(String rawQuery) {
    if (rawQuery.isEmpty()) {
      return "";
    }
    return Arrays.stream(rawQuery.split("&"))
        .filter(p -> !p.isEmpty())
        .filter(p -> !p.startsWith(HlsUris.SESSION + "=") && !p.startsWith("_HLS_"))
        .collect(Collectors.joining("&"));
  }

  private static boolean validName(String name) {
    try {
      return StreamKey.parse(name).name().equals(name);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static long number(QueryStringDecoder uri, String name, long max) {
    String value = first(uri, name);
    if (value == null) {
      return -1;
    }
    long number = Long.parseLong(value);
    if (number < 0 || number > max) {
      throw new NumberFormatException(name + " out of range");
    }
    return number;
  }

  private static PlaylistWriter.Skip skip(String value) {
    if (value == null) {
      return PlaylistWriter.Skip.NONE;
    }
    return switch (value.toUpperCase(Locale.ROOT)) {
      case "YES" -> PlaylistWriter.Skip.SEGMENTS;
      case "V2" -> PlaylistWriter.Skip.SEGMENTS_AND_DATERANGES;
      default -> PlaylistWriter.Skip.NONE;
    };
  }

  private static String first(QueryStringDecoder uri, String name) {
    List<String> values = uri.parameters().get(name);
    return values == null || values.isEmpty() ? null : values.get(0);
  }
}
