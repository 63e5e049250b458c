package io.streamcluster.media.stream;

import io.netty.channel.ChannelHandler;

/**
 * An outbound handler that acts only on its protocol's own messages (response heads, the ends of
 * responses) and passes every other write on untouched: a player's media may be written past it
 * ({@link MediaRoute}) without changing what it does.
 */
public interface LetsMediaPass extends ChannelHandler {}
