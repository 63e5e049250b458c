package io.streamcluster.media.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Routes each complete request to its endpoint; answers errors itself. */
final class HttpRequestHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

  private static final Logger log = LoggerFactory.getLogger(HttpRequestHandler.class);

  private final HttpRoutes routes;

  HttpRequestHandler(HttpRoutes routes) {
    this.routes = routes;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
    if (!request.decoderResult().isSuccess()) {
      log.info(
          "Bad HTTP request from {}: {}", ctx.channel().remoteAddress(), request.decoderResult());
      HttpResponses.sendAndClose(ctx.channel(), HttpResponseStatus.BAD_REQUEST, "bad request\n");
      return;
    }
    boolean keepAlive = HttpUtil.isKeepAlive(request);
    QueryStringDecoder uri = new QueryStringDecoder(request.uri());
    String path = uri.path();
    if (request.method().equals(HttpMethod.OPTIONS)) {
      FullHttpResponse preflight =
          new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.NO_CONTENT);
      HttpResponses.allowCors(preflight);
      preflight.headers().set(HttpHeaderNames.ACCESS_CONTROL_MAX_AGE, 86400);
      ctx.writeAndFlush(preflight);
      return;
    }
    Optional<HttpEndpoint> endpoint = routes.find(request.method(), path);
    if (endpoint.isEmpty()) {
      HttpResponseStatus status =
          routes.knowsPath(path)
              ? HttpResponseStatus.METHOD_NOT_ALLOWED
              : HttpResponseStatus.NOT_FOUND;
      HttpResponses.send(ctx.channel(), status, status.reasonPhrase() + "\n", keepAlive);
      return;
    }
    try {
      endpoint.get().handle(ctx, request, uri);
    } catch (Exception e) {
      log.warn("{} {} failed", request.method(), path, e);
      HttpResponses.sendAndClose(
          ctx.channel(), HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal error\n");
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    log.debug("HTTP connection {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
    ctx.close();
  }
}
