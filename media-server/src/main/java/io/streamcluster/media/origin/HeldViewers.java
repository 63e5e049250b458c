package io.streamcluster.media.origin;

import io.netty.channel.ChannelHandlerContext;
import io.netty.util.concurrent.ScheduledFuture;
import io.streamcluster.media.clusterapi.EdgeView;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Viewers whose request for an edge waits, because every edge is full and the cluster can still
 * grow: a wait for an answer instead of a 503 the viewer may not retry. After each check-in the
 * waiting viewers are served in the order they came, while an edge has room; a viewer still waiting
 * when its hold runs out ({@link EdgeFleet#holdUntil}, at most {@link EdgeFleet#MAX_HOLD}) is
 * refused with a Retry-After. Nothing blocks: a held request is an entry here, a timer on its
 * channel's event loop, and a channel that reads nothing more until it is answered (so no later
 * request on it is answered first). Thread-safe.
 */
final class HeldViewers {

  private static final Logger log = LoggerFactory.getLogger(HeldViewers.class);

  /** Beyond this many waiting, viewers are refused at once: a bound on what a crowd can pin. */
  static final int MAX_HELD = 10_000;

  /** How a held request is answered, on its channel's event loop. */
  interface Answer {
    void edge(EdgeView edge);

    void refused(Duration retryAfter);
  }

  private final EdgeFleet fleet;
  private final Queue<Held> waiting = new ConcurrentLinkedQueue<>();
  private final AtomicInteger count = new AtomicInteger();

  HeldViewers(EdgeFleet fleet) {
    this.fleet = fleet;
    fleet.onCheckIn(this::serveWaiting);
  }

  /** Viewers waiting now. */
  int size() {
    return count.get();
  }

  /**
   * Holds the request on {@code ctx}, which found every edge full at {@code since}, until {@code
   * until} (when the fleet may extend it, {@link EdgeFleet#holdUntil}); false when too many wait
   * already (the caller refuses it then).
   */
  boolean hold(
      ChannelHandlerContext ctx,
      String stream,
      RoutingPolicy policy,
      Predicate<EdgeView> eligible,
      Instant since,
      Instant until,
      Answer answer) {
    if (count.incrementAndGet() > MAX_HELD) {
      count.decrementAndGet();
      return false;
    }
    Held held = new Held(ctx, stream, policy, eligible, since, answer);
    ctx.channel().config().setAutoRead(false);
    waiting.add(held);
    held.waitUntil(until);
    ctx.channel().closeFuture().addListener(closed -> held.finish(() -> {}));
    return true;
  }

  /** Hands edges with room to waiting viewers, first come first served. */
  synchronized void serveWaiting() {
    for (Held held : waiting) {
      if (held.done.get()) {
        continue;
      }
      Optional<EdgeView> edge = fleet.next(held.stream, held.policy, held.eligible);
      if (edge.isEmpty()) {
        return;
      }
      if (!held.finish(() -> held.answer.edge(edge.get()))) {
        // timed out or closed meanwhile: the hand-out counts against the edge until it checks in
        log.debug("A held viewer left before it could be given {}", edge.get().id());
      }
    }
  }

  /** One waiting request. */
  private final class Held {
    final ChannelHandlerContext ctx;
    final String stream;
    final RoutingPolicy policy;
    final Predicate<EdgeView> eligible;
    final Instant since;
    final Answer answer;
    final AtomicBoolean done = new AtomicBoolean();
    volatile ScheduledFuture<?> timeout;

    Held(
        ChannelHandlerContext ctx,
        String stream,
        RoutingPolicy policy,
        Predicate<EdgeView> eligible,
        Instant since,
        Answer answer) {
      this.ctx = ctx;
      this.stream = stream;
      this.policy = policy;
      this.eligible = eligible;
      this.since = since;
      this.answer = answer;
    }

    /** Arms the timer that ends the hold at {@code until}. */
    void waitUntil(Instant until) {
      long millis = Math.max(0, Duration.between(fleet.clock().instant(), until).toMillis());
      timeout = ctx.executor().schedule(this::holdRanOut, millis, TimeUnit.MILLISECONDS);
    }

    /**
     * The hold ran out: held longer if edges were asked for meanwhile (the fleet bounds it),
     * otherwise refused with a Retry-After.
     */
    private void holdRanOut() {
      if (done.get()) {
        return;
      }
      Optional<Instant> longer = fleet.holdUntil(since);
      if (longer.isPresent()) {
        waitUntil(longer.get());
        return;
      }
      finish(() -> answer.refused(fleet.refuse()));
    }

    /** Answers once (on the channel's loop) and lets the channel read again; false if done. */
    boolean finish(Runnable reply) {
      if (!done.compareAndSet(false, true)) {
        return false;
      }
      waiting.remove(this);
      count.decrementAndGet();
      ScheduledFuture<?> pending = timeout;
      if (pending != null) {
        pending.cancel(false);
      }
      ctx.executor()
          .execute(
              () -> {
                if (ctx.channel().isActive()) {
                  reply.run();
                  ctx.channel().config().setAutoRead(true);
                }
              });
      return true;
    }
  }
}
