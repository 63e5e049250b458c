package io.streamcluster.media.edge;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import io.streamcluster.media.stream.LiveStream;
import io.streamcluster.media.stream.StreamListener;
import io.streamcluster.media.stream.StreamRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.DoubleSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pulls an edge's streams from the origins on demand: one upstream per stream, shared by all of its
 * players, started when the stream's first player arrives and let go a grace period after the last
 * one leaves. An upstream that drops while players remain is replaced, after a backoff with jitter,
 * from whichever origin has the stream then; the players stay attached meanwhile.
 *
 * <p>Every decision runs on one control executor, so the per-stream state needs no locks; the
 * stream listener hooks and the upstreams' reports only hand work to it.
 */
public final class EdgePuller implements StreamListener, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(EdgePuller.class);
  private static final int WARN_AFTER_FAILED_ROUNDS = 5;
  private static final long WARN_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(30);

  private final StreamRegistry registry;
  private final UpstreamOrigins origins;
  private final UpstreamConnector connector;
  private final EdgePullConfig config;
  private final EventExecutor control;
  private final DoubleSupplier random;
  private final Map<String, StreamPull> pulls = new HashMap<>();
  private final AtomicInteger pulling = new AtomicInteger();
  private final AtomicInteger activeUpstreams = new AtomicInteger();
  private final AtomicLong reconnects = new AtomicLong();
  private final AtomicLong failovers = new AtomicLong();
  private boolean closed;

  /**
   * @param origins where a stream is looked for: {@link UpstreamOrigins#fixed} RTMP addresses tried
   *     in order, or {@link UpstreamOrigins#httpLookup} on the origins' HTTP API
   * @param control the executor every pull decision runs on (one of the server's event loops)
   */
  public EdgePuller(
      StreamRegistry registry,
      UpstreamOrigins origins,
      UpstreamConnector connector,
      EdgePullConfig config,
      EventExecutor control) {
    this(
        registry,
        origins,
        connector,
        config,
        control,
        () -> ThreadLocalRandom.current().nextDouble());
  }

  EdgePuller(
      StreamRegistry registry,
      UpstreamOrigins origins,
      UpstreamConnector connector,
      EdgePullConfig config,
      EventExecutor control,
      DoubleSupplier random) {
    this.registry = registry;
    this.origins = origins;
    this.connector = connector;
    this.config = config;
    this.control = control;
    this.random = random;
  }

  @Override
  public void firstSubscriberJoined(LiveStream stream) {
    onControl(() -> demandChanged(stream.name()));
  }

  @Override
  public void lastSubscriberLeft(LiveStream stream) {
    onControl(() -> demandChanged(stream.name()));
  }

  /** Streams being pulled or waited for (those with players, or within their grace). */
  public int pullCount() {
    return pulling.get();
  }

  /** Upstreams playing right now. */
  public int activeUpstreams() {
    return activeUpstreams.get();
  }

  /** Rounds of attempts started because an upstream dropped or a round found no origin. */
  public long reconnects() {
    return reconnects.get();
  }

  /** Times a stream's upstream moved to another origin than the one it had played from. */
  public long failovers() {
    return failovers.get();
  }

  /** Lets every upstream go; waits a little for that when called off the control executor. */
  @Override
  public void close() {
    Runnable stopAll =
        () -> {
          closed = true;
          for (StreamPull pull : List.copyOf(pulls.values())) {
            pull.stop("the edge is shutting down");
          }
        };
    if (control.inEventLoop()) {
      stopAll.run();
    } else if (!control.isShuttingDown()) {
      control.submit(stopAll).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
  }

  private void onControl(Runnable task) {
    try {
      control.execute(task);
    } catch (RejectedExecutionException shuttingDown) {
      // The server is stopping; its upstreams close with its event loops.
    }
  }

  private void demandChanged(String name) {
    if (closed) {
      return;
    }
    boolean wanted = hasPlayers(name);
    StreamPull pull = pulls.get(name);
    if (pull == null) {
      if (wanted) {
        pull = new StreamPull(name);
        pulls.put(name, pull);
        pulling.incrementAndGet();
        pull.newRound();
      }
      return;
    }
    pull.demandChanged(wanted);
  }

  /** Players or a packager serving players (HLS) are attached. */
  private boolean hasPlayers(String name) {
    return registry.find(name).map(LiveStream::hasSubscribers).orElse(false);
  }

  /** One stream's pull: its upstream, its retries and its grace timer; used on control only. */
  private final class StreamPull implements UpstreamListener {
    private final String name;
    private final Backoff backoff;
    private Upstream current;
    private boolean playing;
    private OriginAddress lastPlayed;
    private List<OriginAddress> candidates = List.of();
    private int nextCandidate;
    private boolean lookingUp;
    private ScheduledFuture<?> retry;
    private ScheduledFuture<?> grace;
    private boolean stopped;
    private int failedRounds;
    private long lastWarnNanos;
    private UpstreamEnd lastFailure;

    StreamPull(String name) {
      this.name = name;
      this.backoff =
          new Backoff(config.initialBackoff(), config.maxBackoff(), config.jitter(), random);
    }

    void demandChanged(boolean wanted) {
      if (wanted) {
        if (grace != null) {
          grace.cancel(false);
          grace = null;
        }
        if (current == null && retry == null && !lookingUp) {
          newRound();
        }
      } else if (grace == null) {
        grace = control.schedule(this::graceOver, config.grace().toNanos(), TimeUnit.NANOSECONDS);
      }
    }

    private void graceOver() {
      grace = null;
      if (!stopped && !hasPlayers(name)) {
        stop("no players for " + config.grace().toMillis() + " ms");
      }
    }

    void newRound() {
      retry = null;
      if (stopped) {
        return;
      }
      lookingUp = true;
      try {
        origins
            .locate(name)
            .whenComplete((found, failure) -> onControl(() -> located(found, failure)));
      } catch (RuntimeException e) {
        onControl(() -> located(null, e));
      }
    }

    private void located(List<OriginAddress> found, Throwable failure) {
      lookingUp = false;
      if (stopped) {
        return;
      }
      if (failure != null || found == null || found.isEmpty()) {
        roundFailed(
            failure != null
                ? "origin lookup failed: " + failure
                : "no origin has the stream (" + origins.describe() + ")");
        return;
      }
      List<OriginAddress> ordered = new ArrayList<>(found);
      if (lastPlayed != null && ordered.remove(lastPlayed)) {
        ordered.add(0, lastPlayed);
      }
      candidates = ordered;
      nextCandidate = 0;
      tryNextCandidate();
    }

    private void tryNextCandidate() {
      if (nextCandidate >= candidates.size()) {
        roundFailed(lastFailure == null ? "no origin played it" : lastFailure.toString());
        return;
      }
      OriginAddress origin = candidates.get(nextCandidate++);
      log.debug("Asking {} for '{}'", origin, name);
      current = connector.open(origin, name, this);
    }

    @Override
    public void started(Upstream upstream) {
      onControl(() -> upstreamStarted(upstream));
    }

    @Override
    public void ended(Upstream upstream, UpstreamEnd end) {
      onControl(() -> upstreamEnded(upstream, end));
    }

    private void upstreamStarted(Upstream upstream) {
      if (upstream != current || stopped) {
        return;
      }
      playing = true;
      activeUpstreams.incrementAndGet();
      OriginAddress origin = upstream.origin();
      if (lastPlayed != null && !lastPlayed.equals(origin)) {
        failovers.incrementAndGet();
        log.info(
            "Pulling '{}' from {} instead of {} (failover after: {})",
            name,
            origin,
            lastPlayed,
            lastFailure);
      } else if (lastPlayed != null) {
        log.info("Pulling '{}' from {} again (after: {})", name, origin, lastFailure);
      } else {
        log.info("Pulling '{}' from rtmp://{}/live/{}", name, origin, name);
      }
      lastPlayed = origin;
      lastFailure = null;
      failedRounds = 0;
      backoff.reset();
    }

    private void upstreamEnded(Upstream upstream, UpstreamEnd end) {
      if (upstream != current) {
        return;
      }
      current = null;
      lastFailure = end;
      if (playing) {
        playing = false;
        activeUpstreams.decrementAndGet();
        log.info("Upstream of '{}' from {} ended: {}; reconnecting", name, upstream.origin(), end);
        scheduleRound(backoff.next());
      } else {
        log.debug("{} did not play '{}': {}", upstream.origin(), name, end);
        tryNextCandidate();
      }
    }

    private void roundFailed(String reason) {
      failedRounds++;
      Duration wait = backoff.next();
      long now = System.nanoTime();
      if (failedRounds >= WARN_AFTER_FAILED_ROUNDS
          && (lastWarnNanos == 0 || now - lastWarnNanos >= WARN_INTERVAL_NANOS)) {
        lastWarnNanos = now;
        log.warn(
            "Cannot pull '{}' ({} rounds failed): {}; retrying in {} ms",
            name,
            failedRounds,
            reason,
            wait.toMillis());
      } else {
        log.debug("Cannot pull '{}': {}; retrying in {} ms", name, reason, wait.toMillis());
      }
      scheduleRound(wait);
    }

    private void scheduleRound(Duration wait) {
      reconnects.incrementAndGet();
      retry = control.schedule(this::newRound, wait.toNanos(), TimeUnit.NANOSECONDS);
    }

    void stop(String reason) {
      if (stopped) {
        return;
      }
      stopped = true;
      if (retry != null) {
        retry.cancel(false);
        retry = null;
      }
      if (grace != null) {
        grace.cancel(false);
        grace = null;
      }
      Upstream upstream = current;
      current = null;
      if (playing) {
        playing = false;
        activeUpstreams.decrementAndGet();
      }
      if (upstream != null) {
        upstream.close();
      }
      if (pulls.remove(name, this)) {
        pulling.decrementAndGet();
      }
      log.info(
          "Stopped pulling '{}'{}: {}",
          name,
          lastPlayed == null ? "" : " from " + lastPlayed,
          reason);
    }
  }
}
