package io.streamcluster.media.http;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;
import io.streamcluster.media.stream.LetsMediaPass;
import java.util.ArrayDeque;
import java.util.Queue;

/**
 * Cross-origin reads for playback only: browser players on any page may GET streams (and the public
 * answers that point them to an edge), nothing else. Answers to GET and HEAD carry {@code
 * Access-Control-Allow-Origin: *}; a preflight is answered for GET and HEAD with the {@code Range}
 * header and refused for anything else; no credentials are ever allowed, so a page cannot make a
 * visitor's browser call the server's API with the visitor's authority. Pipelined requests are
 * matched to their answers in order.
 */
final class PlaybackCors extends ChannelDuplexHandler implements LetsMediaPass {

  private final Queue<Boolean> awaitingAnswer = new ArrayDeque<>();

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof HttpRequest request) {
      if (request.method().equals(HttpMethod.OPTIONS)) {
        preflight(ctx, request);
        ReferenceCountUtil.release(msg);
        return;
      }
      awaitingAnswer.add(isRead(request.method()));
    }
    ctx.fireChannelRead(msg);
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    if (msg instanceof HttpResponse response && !is1xx(response)) {
      Boolean crossOrigin = awaitingAnswer.poll();
      if (Boolean.TRUE.equals(crossOrigin)) {
        HttpResponses.allowCors(response);
      }
    }
    ctx.write(msg, promise);
  }

  private void preflight(ChannelHandlerContext ctx, HttpRequest request) {
    String asked = request.headers().get(HttpHeaderNames.ACCESS_CONTROL_REQUEST_METHOD, "");
    boolean allowed = asked.equals("GET") || asked.equals("HEAD");
    FullHttpResponse answer =
        new DefaultFullHttpResponse(
            HttpVersion.HTTP_1_1,
            allowed ? HttpResponseStatus.NO_CONTENT : HttpResponseStatus.FORBIDDEN);
    answer.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, 0);
    if (allowed) {
      HttpResponses.allowCors(answer);
      answer.headers().set(HttpHeaderNames.ACCESS_CONTROL_MAX_AGE, 86400);
    }
    HttpUtil.setKeepAlive(answer, HttpUtil.isKeepAlive(request));
    // Written past this handler: a preflight takes no place in the queue of answers.
    ctx.writeAndFlush(answer);
  }

  private static boolean isRead(HttpMethod method) {
    return method.equals(HttpMethod.GET) || method.equals(HttpMethod.HEAD);
  }

  private static boolean is1xx(HttpResponse response) {
    return response.status().codeClass()
        == io.netty.handler.codec.http.HttpStatusClass.INFORMATIONAL;
  }
}
