package io.streamcluster.media.rtmp;

import io.netty.channel.ChannelHandlerContext;
import io.netty.util.concurrent.ScheduledFuture;
import io.streamcluster.media.limits.RefusalLog;
import io.streamcluster.media.limits.Refusals;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes an RTMP connection that, after its handshake, has not connected and asked to publish or
 * play within the start timeout: a stranger may not keep a connection open by saying nothing.
 */
final class StartDeadline {

  private static final Logger log = LoggerFactory.getLogger(StartDeadline.class);
  private static final RefusalLog refusalLog = new RefusalLog(log);

  private final Duration timeout;
  private final Refusals refusals;
  private ScheduledFuture<?> task;

  StartDeadline(Duration timeout, Refusals refusals) {
    this.timeout = timeout;
    this.refusals = refusals;
  }

  void start(ChannelHandlerContext ctx) {
    if (task != null) {
      return;
    }
    task =
        ctx.executor()
            .schedule(
                () -> {
                  refusals.refused("start_timeout");
                  refusalLog.refused(
                      "start_timeout",
                      "RTMP peer " + ctx.channel().remoteAddress(),
                      "no connect and publish or play within " + timeout.toMillis() + " ms");
                  ctx.close();
                },
                timeout.toMillis(),
                TimeUnit.MILLISECONDS);
  }

  /** The peer asked to publish or play: it is no longer idle. */
  void cancel() {
    if (task != null) {
      task.cancel(false);
    }
  }
}
