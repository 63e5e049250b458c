package io.streamcluster.media.http;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;

/**
 * One player per HTTP connection: an endpoint that turns a connection into a player (an endless
 * HTTP-FLV response) claims it, and every request after that on the connection (pipelined GETs) is
 * refused instead of starting a second player or waiting behind a response that never ends.
 */
public final class HttpPlayer {

  private static final AttributeKey<Boolean> CLAIMED =
      AttributeKey.valueOf(HttpPlayer.class, "claimed");

  private HttpPlayer() {}

  /** Marks the connection as a player's; call on its event loop before answering. */
  public static void claim(Channel channel) {
    channel.attr(CLAIMED).set(Boolean.TRUE);
  }

  public static boolean isClaimed(Channel channel) {
    return Boolean.TRUE.equals(channel.attr(CLAIMED).get());
  }
}
