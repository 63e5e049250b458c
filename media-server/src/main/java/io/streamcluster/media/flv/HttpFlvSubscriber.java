package io.streamcluster.media.flv;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.streamcluster.media.MediaLimits;
import io.streamcluster.media.http.HttpResponses;
import io.streamcluster.media.stream.ChannelSubscriber;
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

  @Override
  protected Object wrap(ByteBuf encoded) {
    return new DefaultHttpContent(encoded);
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
