package io.streamcluster.media.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.util.Map;

/** Small complete responses: plain text, JSON, and the CORS headers browser players need. */
public final class HttpResponses {

  public static final String TEXT = "text/plain; charset=utf-8";
  public static final String JSON = "application/json";

  private HttpResponses() {}

  /**
   * Lets a page on any origin read the answer to a GET (browser players fetch streams
   * cross-origin): no other method, no credentials. The HTTP pipeline adds it to every answer to a
   * GET or HEAD ({@code PlaybackCors}); endpoints need not call it.
   */
  public static void allowCors(HttpResponse response) {
    response
        .headers()
        .set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, "*")
        .set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_METHODS, "GET, HEAD, OPTIONS")
        .set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_HEADERS, "Range")
        .set(
            HttpHeaderNames.ACCESS_CONTROL_EXPOSE_HEADERS,
            "Content-Length, Content-Type, Retry-After");
  }

  public static ChannelFuture send(
      Channel channel, HttpResponseStatus status, String body, boolean keepAlive) {
    return send(channel, status, TEXT, body, keepAlive);
  }

  public static ChannelFuture send(
      Channel channel,
      HttpResponseStatus status,
      String contentType,
      String body,
      boolean keepAlive) {
    return send(channel, status, contentType, body, keepAlive, Map.of());
  }

  /** A response with {@code headers} besides the usual ones (e.g. a signature of the body). */
  public static ChannelFuture send(
      Channel channel,
      HttpResponseStatus status,
      String contentType,
      String body,
      boolean keepAlive,
      Map<String, String> headers) {
    ByteBuf content = ByteBufUtil.writeUtf8(channel.alloc(), body);
    FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, content);
    headers.forEach(response.headers()::set);
    response
        .headers()
        .set(HttpHeaderNames.CONTENT_TYPE, contentType)
        .setInt(HttpHeaderNames.CONTENT_LENGTH, content.readableBytes())
        .set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_CACHE);
    if (!keepAlive) {
      response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    }
    ChannelFuture future = channel.writeAndFlush(response);
    if (!keepAlive) {
      future.addListener(ChannelFutureListener.CLOSE);
    }
    return future;
  }

  public static ChannelFuture sendAndClose(
      Channel channel, HttpResponseStatus status, String body) {
    return send(channel, status, body, false);
  }
}
