package io.streamcluster.media.stream;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelOutboundHandler;
import io.netty.channel.ChannelOutboundInvoker;
import io.netty.channel.ChannelPipeline;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * How a player's media reaches its socket: the wire format it is encoded in (once, for every
 * player), what wraps it for the pipeline, and where in the pipeline it is written.
 *
 * <p>Media is already in its wire format, so the outbound handlers a protocol installs for its own
 * messages (the RTMP chunk encoder, the HTTP codec) have nothing to add to it, and writing it from
 * past them spares a walk through the pipeline per player and batch. Only handlers a protocol names
 * as letting its media pass are skipped: any other outbound handler (TLS's {@code SslHandler}, a
 * byte counter, a queue bound) sees every media byte, because media is written from just past the
 * nearest one of those, or from the tail when it is the last handler. With none, the write goes
 * straight to the head of the pipeline, that is, to the socket.
 *
 * <p>Chosen once, when playback starts: the handlers that see bytes (TLS, limits) are installed
 * when the connection is accepted, and a protocol's handshake handlers are gone by then.
 *
 * @param format how frames are encoded for this player
 * @param entry where media enters the pipeline: a handler's context, or the channel itself
 * @param wrap what the entry is given for an encoded buffer (the buffer itself, or e.g. an HTTP
 *     chunk when the HTTP codec is not skipped)
 */
public record MediaRoute(
    FrameFormat format, ChannelOutboundInvoker entry, Function<ByteBuf, Object> wrap) {

  /** Media as {@code format} bytes, written past the handlers that let it pass. */
  public static MediaRoute direct(
      Channel channel, FrameFormat format, Predicate<ChannelHandler> letsMediaPass) {
    return new MediaRoute(format, entryPast(channel, letsMediaPass).entry(), buf -> buf);
  }

  /**
   * The entry past the outbound handlers at the tail end of the pipeline that let media pass, and
   * which handlers that skips.
   */
  public static Entry entryPast(Channel channel, Predicate<ChannelHandler> letsMediaPass) {
    ChannelPipeline pipeline = channel.pipeline();
    List<Map.Entry<String, ChannelHandler>> handlers = new ArrayList<>(pipeline.toMap().entrySet());
    List<ChannelHandler> skipped = new ArrayList<>();
    ChannelOutboundInvoker entry = channel;
    for (int i = handlers.size() - 1; i >= 0; i--) {
      ChannelHandler handler = handlers.get(i).getValue();
      if (handler instanceof ChannelOutboundHandler) {
        if (!letsMediaPass.test(handler)) {
          break;
        }
        skipped.add(handler);
      }
      // A write from a handler's context starts at the next outbound handler towards the head.
      entry = pipeline.context(handler);
    }
    return new Entry(entry, List.copyOf(skipped));
  }

  /** Where media enters a pipeline, and the outbound handlers it does not pass. */
  public record Entry(ChannelOutboundInvoker entry, List<ChannelHandler> skipped) {

    public boolean skips(Class<? extends ChannelHandler> type) {
      for (ChannelHandler handler : skipped) {
        if (type.isInstance(handler)) {
          return true;
        }
      }
      return false;
    }
  }
}
