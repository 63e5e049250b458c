package io.streamcluster.media.flv;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.streamcluster.media.MediaLimits;
import io.streamcluster.media.auth.StreamAccess;
import io.streamcluster.media.auth.StreamKey;
import io.streamcluster.media.http.HttpEndpoint;
import io.streamcluster.media.http.HttpPlayer;
import io.streamcluster.media.http.HttpResponses;
import io.streamcluster.media.limits.PeerAdmission;
import io.streamcluster.media.metrics.MediaMetrics;
import io.streamcluster.media.stream.StreamLimitException;
import io.streamcluster.media.stream.StreamRegistry;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /live/<stream>.flv[?expires=..&token=..]}: attaches an HTTP-FLV player to the stream
 * once {@link StreamAccess} accepts it. The connection becomes the player's: a request after it on
 * the same connection is refused.
 */
public final class HttpFlvEndpoint implements HttpEndpoint {

  public static final String PREFIX = "/live/";
  public static final String SUFFIX = ".flv";

  private static final Logger log = LoggerFactory.getLogger(HttpFlvEndpoint.class);

  private final StreamRegistry streams;
  private final MediaLimits limits;
  private final MediaMetrics metrics;
  private final BooleanSupplier admitsPlayers;
  private final StreamAccess playAccess;

  /**
   * @param admitsPlayers false while the server takes no new players (full or draining)
   * @param playAccess who may play
   */
  public HttpFlvEndpoint(
      StreamRegistry streams,
      MediaLimits limits,
      MediaMetrics metrics,
      BooleanSupplier admitsPlayers,
      StreamAccess playAccess) {
    this.streams = streams;
    this.limits = limits;
    this.metrics = metrics;
    this.admitsPlayers = admitsPlayers;
    this.playAccess = playAccess;
  }

  @Override
  public void handle(ChannelHandlerContext ctx, FullHttpRequest request, QueryStringDecoder uri) {
    String path = uri.path();
    String name = path.substring(PREFIX.length(), path.length() - SUFFIX.length());
    String uriText = request.uri();
    String rawQuery = uriText.indexOf('?') < 0 ? "" : uriText.substring(uriText.indexOf('?') + 1);
    StreamKey key;
    try {
      key = StreamKey.parse(rawQuery.isEmpty() ? name : name + "?" + rawQuery);
    } catch (IllegalArgumentException e) {
      metrics.refused("bad_name");
      HttpResponses.sendAndClose(ctx.channel(), HttpResponseStatus.BAD_REQUEST, e.getMessage());
      return;
    }
    Channel channel = ctx.channel();
    HttpPlayer.claim(channel);
    playAccess.checkOnLoop(
        key,
        rawQuery,
        channel,
        "http-flv",
        decision -> {
          if (!decision.allowed()) {
            metrics.refused(decision.refusal());
            log.info(
                "Refusing HTTP-FLV player {} of '{}': {}",
                channel.remoteAddress(),
                key.name(),
                decision.reason());
            HttpResponses.sendAndClose(
                channel, HttpResponseStatus.FORBIDDEN, decision.reason() + "\n");
          } else {
            startPlaying(channel, key.name());
          }
        });
  }

  private void startPlaying(Channel channel, String name) {
    boolean admitted;
    try {
      admitted =
          new HttpFlvSubscriber(channel, limits, metrics)
              .attachIfAdmitted(streams, name, admitsPlayers);
    } catch (StreamLimitException e) {
      metrics.refused("max_streams");
      log.warn("Refusing HTTP-FLV player {}: {}", channel.remoteAddress(), e.getMessage());
      HttpResponses.sendAndClose(channel, HttpResponseStatus.SERVICE_UNAVAILABLE, e.getMessage());
      return;
    }
    if (!admitted) {
      metrics.refused("full");
      log.info("Refusing HTTP-FLV player {}: server full", channel.remoteAddress());
      HttpResponses.sendAndClose(
          channel,
          HttpResponseStatus.SERVICE_UNAVAILABLE,
          "this server takes no more players; ask /cluster for another\n");
      return;
    }
    PeerAdmission.admit(channel);
  }
}
