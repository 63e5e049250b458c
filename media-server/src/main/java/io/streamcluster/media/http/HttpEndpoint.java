package io.streamcluster.media.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.QueryStringDecoder;

/** Answers one kind of request. Runs on the event loop: it must not block. */
@FunctionalInterface
public interface HttpEndpoint {

  /**
   * Answers the request. The request is released by the caller after this returns; an endpoint that
   * needs its body later copies it.
   */
  void handle(ChannelHandlerContext ctx, FullHttpRequest request, QueryStringDecoder uri)
      throws Exception;
}
