package io.streamcluster.media.flv;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.streamcluster.media.MediaLimits;
import io.streamcluster.media.http.HttpResponses;
import io.streamcluster.media.stream.ChannelSubscriber;
import io.streamcluster.media.stream.FrameFormat;
import io.streamcluster.media.stream.LetsMediaPass;
import io.streamcluster.media.stream.MediaRoute;
import io.streamcluster.media.stream.PlaybackCounters;

/**
 * A player of {@code GET /live/<stream>.flv}: one chunked HTTP response that is an endless FLV
 * file, as browser players (mpegts.js, flv.js), ffmpeg and VLC read it. The response starts only
 * once the stream has a source; a stream that never gets one is answered 404.
 */
public final class HttpFlvSubscriber extends ChannelSubscriber {

  private boolean headersSent;

  public HttpFlvSubscriber(Channel channel, MediaLimits limits, PlaybackCounters counters) {
    super(
        channel,
        FlvTagFormat.INSTANCE,
        counters,
        limits.slowSubscriberTimeout(),
        limits.streamWaitTimeout());
  }

  @Override
  protected void startPlayback() {
    if (headersSent) {
      return;
    }
    headersSent = true;
    HttpResponse response = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
    response
        .headers()
        .set(HttpHeaderNames.CONTENT_TYPE, "video/x-flv")
        .set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED)
        .set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_CACHE)
        .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    channel.write(response, channel.voidPromise());
    channel.write(
        new DefaultHttpContent(FlvTagFormat.fileHeader(channel.alloc())), channel.voidPromise());
  }

  /**
   * Media goes past the HTTP codec (and the handlers behind it that only look at responses:
   * keep-alive, CORS, request timeouts) as ready-made HTTP chunks. Only when some other outbound
   * handler sits between the codec and the tail does it take the codec's way: FLV tags in {@link
   * DefaultHttpContent}, chunked by the codec.
   */
  @Override
  protected MediaRoute route(FrameFormat format) {
    MediaRoute.Entry past =
        MediaRoute.entryPast(
            channel,
            handler ->
                handler instanceof HttpServerCodec
                    || handler instanceof HttpServerKeepAliveHandler
                    || handler instanceof LetsMediaPass);
    if (past.skips(HttpServerCodec.class)) {
      return new MediaRoute(HttpChunkedFlvFormat.INSTANCE, past.entry(), buf -> buf);
    }
    return new MediaRoute(FlvTagFormat.INSTANCE, past.entry(), DefaultHttpContent::new);
  }

  @Override
  protected void streamNotFound() {
    if (headersSent) {
      channel
          .writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT)
          .addListener(ChannelFutureListener.CLOSE);
    } else {
      HttpResponses.sendAndClose(channel, HttpResponseStatus.NOT_FOUND, "stream not found\n");
    }
  }
}
