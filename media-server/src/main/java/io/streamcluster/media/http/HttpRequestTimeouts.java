package io.streamcluster.media.http;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.concurrent.ScheduledFuture;
import io.streamcluster.media.limits.RefusalLog;
import io.streamcluster.media.limits.Refusals;
import io.streamcluster.media.stream.LetsMediaPass;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes an HTTP connection that is waiting for a request for too long: a new connection that has
 * not sent a whole request head within the header timeout (slowloris), and a kept-alive one whose
 * next request has not come within the idle timeout. While a request is being answered, and while a
 * player streams, no clock runs. Sits after the codec: it sees request heads as they are decoded
 * and the ends of responses as they are written.
 */
final class HttpRequestTimeouts extends ChannelDuplexHandler implements LetsMediaPass {

  private static final Logger log = LoggerFactory.getLogger(HttpRequestTimeouts.class);
  private static final RefusalLog refusalLog = new RefusalLog(log);

  private final HttpLimits limits;
  private final Refusals refusals;
  private ScheduledFuture<?> deadline;

  HttpRequestTimeouts(HttpLimits limits, Refusals refusals) {
    this.limits = limits;
    this.refusals = refusals;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    arm(ctx, limits.headerTimeout(), "http_header_timeout", "no whole request head");
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof HttpRequest) {
      disarm();
    }
    ctx.fireChannelRead(msg);
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    boolean responseEnds = msg instanceof FullHttpResponse || msg instanceof LastHttpContent;
    ctx.write(msg, promise);
    if (responseEnds && ctx.channel().isActive()) {
      arm(ctx, limits.idleTimeout(), "http_idle_timeout", "no next request");
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    disarm();
    ctx.fireChannelInactive();
  }

  private void arm(ChannelHandlerContext ctx, Duration timeout, String reason, String what) {
    disarm();
    deadline =
        ctx.executor()
            .schedule(
                () -> {
                  refusals.refused(reason);
                  refusalLog.refused(
                      reason,
                      "HTTP client " + ctx.channel().remoteAddress(),
                      what + " within " + timeout.toMillis() + " ms");
                  ctx.close();
                },
                timeout.toMillis(),
                TimeUnit.MILLISECONDS);
  }

  private void disarm() {
    if (deadline != null) {
      deadline.cancel(false);
      deadline = null;
    }
  }
}
