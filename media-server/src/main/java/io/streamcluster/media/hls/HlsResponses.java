package io.streamcluster.media.hls;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.ssl.SslHandler;
import io.streamcluster.media.http.HttpResponses;

/**
 * HLS responses with what CDNs and players need: the content types, caching (parts, segments and
 * initialization sections never change under their URI; playlists change with every part; blocking
 * reloads and session-giving playlists are never stored), single byte ranges, and CORS.
 */
final class HlsResponses {

  static final String PLAYLIST = "application/vnd.apple.mpegurl";
  static final String MP4 = "video/mp4";
  static final String SEGMENT = "video/iso.segment";

  static final String IMMUTABLE = "public, max-age=31536000, immutable";

  /** A playlist without a delivery directive changes with the next part; caches may hold it 1 s. */
  static final String LIVE = "public, max-age=1";

  static final String NOT_STORED = "no-cache, no-store";

  private HlsResponses() {}

  /**
   * Sends {@code body}, taking it over, or the part of it the {@code Range} header asks for.
   *
   * @return the body bytes sent
   */
  static int send(
      Channel channel,
      String contentType,
      String cacheControl,
      ByteBuf body,
      String range,
      boolean keepAlive) {
    int total = body.readableBytes();
    HttpResponseStatus status = HttpResponseStatus.OK;
    String contentRange = null;
    ByteBuf content = body;
    if (range != null) {
      long[] bounds = ByteRange.parse(range, total);
      if (bounds == ByteRange.UNSATISFIABLE) {
        body.release();
        FullHttpResponse refused =
            new DefaultFullHttpResponse(
                HttpVersion.HTTP_1_1,
                HttpResponseStatus.REQUESTED_RANGE_NOT_SATISFIABLE,
                Unpooled.EMPTY_BUFFER);
        refused.headers().set(HttpHeaderNames.CONTENT_RANGE, "bytes */" + total);
        write(channel, refused, cacheControl, keepAlive);
        return 0;
      }
      if (bounds != null) {
        int first = (int) bounds[0];
        int length = (int) (bounds[1] - bounds[0] + 1);
        content = body.retainedSlice(body.readerIndex() + first, length);
        body.release();
        status = HttpResponseStatus.PARTIAL_CONTENT;
        contentRange = "bytes " + bounds[0] + "-" + bounds[1] + "/" + total;
      }
    }
    FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, content);
    response
        .headers()
        .set(HttpHeaderNames.CONTENT_TYPE, contentType)
        .set(HttpHeaderNames.ACCEPT_RANGES, HttpHeaderValues.BYTES);
    if (contentRange != null) {
      response.headers().set(HttpHeaderNames.CONTENT_RANGE, contentRange);
    }
    int bytes = content.readableBytes();
    write(channel, response, cacheControl, keepAlive);
    return bytes;
  }

  /** A short plain-text answer (errors, not found), never cached long. */
  /** Whether the request came over HTTPS. */
  static boolean overTls(Channel channel) {
    return channel.pipeline().get(SslHandler.class) != null;
  }

  static void text(Channel channel, HttpResponseStatus status, String message, boolean keepAlive) {
    FullHttpResponse response =
        new DefaultFullHttpResponse(
            HttpVersion.HTTP_1_1, status, ByteBufUtil.writeUtf8(channel.alloc(), message + "\n"));
    response.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpResponses.TEXT);
    write(channel, response, NOT_STORED, keepAlive);
  }

  /** A redirect to {@code location}, for this request only. */
  static void redirect(Channel channel, String location, boolean keepAlive) {
    FullHttpResponse response =
        new DefaultFullHttpResponse(
            HttpVersion.HTTP_1_1, HttpResponseStatus.FOUND, Unpooled.EMPTY_BUFFER);
    response.headers().set(HttpHeaderNames.LOCATION, location);
    write(channel, response, NOT_STORED, keepAlive);
  }

  private static void write(
      Channel channel, FullHttpResponse response, String cacheControl, boolean keepAlive) {
    HttpResponses.allowCors(response);
    response
        .headers()
        .set(
            HttpHeaderNames.ACCESS_CONTROL_EXPOSE_HEADERS,
            "Content-Length, Content-Type, Content-Range, Accept-Ranges")
        .set(HttpHeaderNames.CACHE_CONTROL, cacheControl)
        .setInt(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes());
    if (!keepAlive) {
      response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    }
    ChannelFuture written = channel.writeAndFlush(response);
    if (!keepAlive) {
      written.addListener(ChannelFutureListener.CLOSE);
    }
  }
}
