package io.streamcluster.media.flv;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.streamcluster.media.MediaLimits;
import io.streamcluster.media.auth.StreamKey;
import io.streamcluster.media.http.HttpEndpoint;
import io.streamcluster.media.http.HttpResponses;
import io.streamcluster.media.metrics.MediaMetrics;
import io.streamcluster.media.stream.StreamRegistry;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code GET /live/<stream>.flv}: attaches an HTTP-FLV player to the stream. */
public final class HttpFlvEndpoint implements HttpEndpoint {

  public static final String PREFIX = "/live/";
  public static final String SUFFIX = ".flv";

  private static final Logger log = LoggerFactory.getLogger(HttpFlvEndpoint.class);

  private final StreamRegistry streams;
  private final MediaLimits limits;
  private final MediaMetrics metrics;
  private final BooleanSupplier admitsPlayers;

  /**
   * @param admitsPlayers false while the server takes no new players (full or draining)
   */
  public HttpFlvEndpoint(
      StreamRegistry streams,
      MediaLimits limits,
      MediaMetrics metrics,
      BooleanSupplier admitsPlayers) {
    this.streams = streams;
    this.limits = limits;
    this.metrics = metrics;
    this.admitsPlayers = admitsPlayers;
  }

  @Override
  public void handle(ChannelHandlerContext ctx, FullHttpRequest request, QueryStringDecoder uri) {
    String path = uri.path();
    String raw = path.substring(PREFIX.length(), path.length() - SUFFIX.length());
    StreamKey key;
    try {
      key = StreamKey.parse(raw);
    } catch (IllegalArgumentException e) {
      metrics.refused("bad_name");
      HttpResponses.sendAndClose(ctx.channel(), HttpResponseStatus.BAD_REQUEST, e.getMessage());
      return;
    }
    if (!admitsPlayers.getAsBoolean()) {
      metrics.refused("full");
      log.info("Refusing HTTP-FLV player {}: server full", ctx.channel().remoteAddress());
      HttpResponses.sendAndClose(
          ctx.channel(),
          HttpResponseStatus.SERVICE_UNAVAILABLE,
          "this server takes no more players; ask /cluster for another\n");
      return;
    }
    new HttpFlvSubscriber(ctx.channel(), limits, metrics).attachTo(streams, key.name());
  }
}
