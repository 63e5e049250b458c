package io.streamcluster.media.rtmp;

import io.netty.channel.ChannelHandlerContext;
import io.netty.util.concurrent.ScheduledFuture;
import io.streamcluster.media.limits.Refusals;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Closes a connection whose RTMP handshake has not finished in time. One per handshake. */
final class HandshakeDeadline {

  private static final Logger log = LoggerFactory.getLogger(HandshakeDeadline.class);

  private final Duration timeout;
  private final Refusals refusals;
  private ScheduledFuture<?> task;

  HandshakeDeadline(Duration timeout, Refusals refusals) {
    this.timeout = timeout;
    this.refusals = refusals;
  }

  /**
   * Starts the clock. When it runs out, {@code expire} is asked whether the handshake was still
   * under way (and marks it failed); if so the connection is closed with a log line.
   */
  void start(ChannelHandlerContext ctx, BooleanSupplier expire) {
    task =
        ctx.executor()
            .schedule(
                () -> {
                  if (expire.getAsBoolean()) {
                    refusals.refused("handshake_timeout");
                    log.info(
                        "RTMP handshake with {} not completed within {} ms; closing",
                        ctx.channel().remoteAddress(),
                        timeout.toMillis());
                    ctx.close();
                  }
                },
                timeout.toMillis(),
                TimeUnit.MILLISECONDS);
  }

  void cancel() {
    if (task != null) {
      task.cancel(false);
      task = null;
    }
  }
}
