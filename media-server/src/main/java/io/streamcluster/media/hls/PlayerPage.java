package io.streamcluster.media.hls;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.streamcluster.media.auth.StreamKey;
import io.streamcluster.media.http.HttpRoutes;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The web player: {@code GET /play/<stream>} is a page that plays the stream with hls.js in
 * low-latency mode where Media Source Extensions exist, natively where the browser plays HLS
 * (Safari, iPhone), or over HTTP-FLV with mpegts.js ({@code ?mode=flv}), and shows its state and
 * live latency; {@code GET /player/<file>} serves its scripts. On an origin with edges the page
 * request is sent to an edge, so the page and the stream come from the same edge.
 *
 * <p>hls.js and mpegts.js come from the npm registry at build time (media-server/package.json and
 * its lock file), copied into the jar's {@code player/} resources; the page and its own script are
 * in this module's resources.
 */
public final class PlayerPage {

  public static final String PAGE_PREFIX = "/play/";
  public static final String ASSET_PREFIX = "/player/";

  private static final Logger log = LoggerFactory.getLogger(PlayerPage.class);
  private static final String[] ASSETS = {"player.js", "player.css", "hls.min.js", "mpegts.js"};

  private final EdgeRedirect redirect;
  private final String template;
  private final Map<String, byte[]> assets = new TreeMap<>();

  public PlayerPage(EdgeRedirect redirect) {
    this.redirect = redirect;
    this.template = new String(resource("player.html").orElseThrow(), StandardCharsets.UTF_8);
    for (String name : ASSETS) {
      resource(name).ifPresentOrElse(bytes -> assets.put(name, bytes), () -> missing(name));
    }
  }

  private static void missing(String name) {
    log.warn("The web player's {} is not in this build (npm ci at build time provides it)", name);
  }

  public void addTo(HttpRoutes routes) {
    routes.matching(HttpMethod.GET, PAGE_PREFIX, "", this::page);
    routes.matching(HttpMethod.GET, ASSET_PREFIX, "", this::asset);
  }

  private void page(ChannelHandlerContext ctx, FullHttpRequest request, QueryStringDecoder uri) {
    boolean keepAlive = HttpUtil.isKeepAlive(request);
    String name = uri.path().substring(PAGE_PREFIX.length());
    if (!isStreamName(name)) {
      HlsResponses.text(ctx.channel(), HttpResponseStatus.NOT_FOUND, "not found", keepAlive);
      return;
    }
    Optional<String> edge = redirect.edgeFor(name, HlsResponses.overTls(ctx.channel()));
    if (edge.isPresent()) {
      HlsResponses.redirect(ctx.channel(), edge.get() + request.uri(), keepAlive);
      return;
    }
    byte[] html = template.replace("{{stream}}", name).getBytes(StandardCharsets.UTF_8);
    HlsResponses.send(
        ctx.channel(),
        "text/html; charset=utf-8",
        "no-cache",
        Unpooled.wrappedBuffer(html),
        null,
        keepAlive);
  }

  private void asset(ChannelHandlerContext ctx, FullHttpRequest request, QueryStringDecoder uri) {
    boolean keepAlive = HttpUtil.isKeepAlive(request);
    String name = uri.path().substring(ASSET_PREFIX.length());
    byte[] bytes = assets.get(name);
    if (bytes == null) {
      HlsResponses.text(ctx.channel(), HttpResponseStatus.NOT_FOUND, "not found", keepAlive);
      return;
    }
    String type =
        name.endsWith(".js")
            ? "text/javascript; charset=utf-8"
            : name.endsWith(".css") ? "text/css; charset=utf-8" : "text/plain; charset=utf-8";
    HlsResponses.send(
        ctx.channel(),
        type,
        "public, max-age=3600",
        Unpooled.wrappedBuffer(bytes),
        null,
        keepAlive);
  }

  private static boolean isStreamName(String name) {
    try {
      return StreamKey.parse(name).name().equals(name);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static Optional<byte[]> resource(String name) {
    try (InputStream in = PlayerPage.class.getResourceAsStream("/player/" + name)) {
      return in == null ? Optional.empty() : Optional.of(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
