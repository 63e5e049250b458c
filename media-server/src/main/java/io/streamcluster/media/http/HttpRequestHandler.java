package io.streamcluster.media.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.streamcluster.media.limits.Refusals;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes each complete request to its endpoint; answers errors itself. A request on a connection
 * that a player holds (see {@link HttpPlayer}) is refused and the connection closed.
 */
final class HttpRequestHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

  private static final Logger log = LoggerFactory.getLogger(HttpRequestHandler.class);

  private final HttpRoutes routes;
  private final Refusals refusals;

  HttpRequestHandler(HttpRoutes routes, Refusals refusals) {
    this.routes = routes;
    this.refusals = refusals;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
    if (HttpPlayer.isClaimed(ctx.channel())) {
      refusals.refused("pipelined_request");
      log.info(
          "Closing HTTP connection {}: a request after a playback request on the same connection",
          ctx.channel().remoteAddress());
      ctx.close();
      return;
    }
    if (!ctx.channel().isActive()) {
      return; // a request cut short by the close (a timeout, the client leaving): nobody to answer
    }
    if (!request.decoderResult().isSuccess()) {
      Throwable cause = request.decoderResult().cause();
      boolean tooLong = cause instanceof TooLongFrameException;
      refusals.refused(tooLong ? "http_request_too_large" : "bad_request");
      log.info(
          "Bad HTTP request from {}: {}", ctx.channel().remoteAddress(), request.decoderResult());
      HttpResponses.sendAndClose(
          ctx.channel(),
          cause instanceof TooLongHttpHeaderException
              ? HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE
              : tooLong ? HttpResponseStatus.REQUEST_URI_TOO_LONG : HttpResponseStatus.BAD_REQUEST,
          "bad request\n");
      return;
    }
    boolean keepAlive = HttpUtil.isKeepAlive(request);
    QueryStringDecoder uri = new QueryStringDecoder(request.uri());
    String path = uri.path();
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
