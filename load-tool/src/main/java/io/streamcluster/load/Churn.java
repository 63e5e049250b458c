package io.streamcluster.load;

import io.netty.channel.ChannelFuture;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;

/**
 * Players that come and go all the time beside the measured ones: each of a fixed number of slots
 * plays for a random time, leaves, and a new player takes its place at once. What a soak needs to
 * show that joins and leaves leak nothing and disturb nobody. Counted, not measured.
 */
final class Churn {

  private final int slots;
  private final double maxSeconds;
  private final BiFunction<EventLoop, SubscriberStats, ChannelFuture> connect;
  private final EventLoopGroup group;
  private final LoadCounters counters = new LoadCounters();
  private final AtomicLong joined = new AtomicLong();
  private final AtomicLong left = new AtomicLong();
  private final AtomicBoolean running = new AtomicBoolean();

  Churn(
      int slots,
      double maxSeconds,
      BiFunction<EventLoop, SubscriberStats, ChannelFuture> connect,
      EventLoopGroup group) {
    this.slots = slots;
    this.maxSeconds = maxSeconds;
    this.connect = connect;
    this.group = group;
  }

  void start() {
    running.set(true);
    for (int i = 0; i < slots; i++) {
      EventLoop loop = group.next();
      // Spread the first generation's leaves over the whole span.
      loop.schedule(() -> join(loop), (long) (i * 1000.0 / slots), TimeUnit.MILLISECONDS);
    }
  }

  private void join(EventLoop loop) {
    if (!running.get()) {
      return;
    }
    joined.incrementAndGet();
    ChannelFuture connected = connect.apply(loop, new SubscriberStats(-1, counters));
    long stayMillis =
        (long) (1000 + ThreadLocalRandom.current().nextDouble() * (maxSeconds - 1) * 1000);
    loop.schedule(
        () -> {
          connected.channel().close();
          left.incrementAndGet();
          join(loop);
        },
        stayMillis,
        TimeUnit.MILLISECONDS);
  }

  /** Stops replacing players (those still playing close with the tool) and says what happened. */
  String stop() {
    running.set(false);
    return String.format(
        "churn: %d players joined, %d left, %d had a first frame, %d disconnects (leaves included)",
        joined.get(), left.get(), counters.firstFrames.get(), counters.disconnects.get());
  }
}
