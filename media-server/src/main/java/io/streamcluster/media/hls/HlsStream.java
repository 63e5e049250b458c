package io.streamcluster.media.hls;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import io.streamcluster.media.stream.FrameBatch;
import io.streamcluster.media.stream.LiveStream;
import io.streamcluster.media.stream.MediaFrame;
import io.streamcluster.media.stream.PlaybackCounters;
import io.streamcluster.media.stream.StreamRegistry;
import io.streamcluster.media.stream.Subscriber;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HLS side of one live stream: a subscriber of the stream like any player (its first request on
 * an edge makes the edge pull the stream), that packages the frames into a {@link Rendition} and
 * answers that stream's HLS requests. Requests that must wait (a blocking playlist reload, the
 * hinted next part, a playlist before the first segment exists) are parked, never blocking a
 * thread, and answered when what they wait for exists or their time is up. It stops, leaving the
 * stream, after a while without requests, or when the stream's source stays away.
 *
 * <p>Everything runs on one event loop: frames arrive there as for any subscriber, and requests are
 * handed to it, so the rendition needs no locks and a buffer is never released while a response is
 * being built from it.
 */
final class HlsStream implements Subscriber {

  private static final Logger log = LoggerFactory.getLogger(HlsStream.class);
  private static final long TICK_MILLIS = 250;

  /** Blocking requests wait at most this many target durations (RFC 8216bis 6.2.5.2). */
  private static final int BLOCK_TARGET_DURATIONS = 3;

  /** A part further ahead of the preload hint than this is not waited for. */
  private static final int PARTS_AHEAD = 2;

  private static final long DEFAULT_BANDWIDTH = 2_000_000;
  private static final ByteBufAllocator ALLOC = PooledByteBufAllocator.DEFAULT;

  private final String name;
  private final EventLoop loop;
  private final HlsStreams owner;
  private final StreamRegistry registry;
  private final HlsSettings settings;
  private final PlaybackCounters counters;
  private final Rendition rendition;
  private final Segmenter segmenter;
  private final HlsSessions sessions;
  private final List<Waiter> waiters = new ArrayList<>();
  private final ByteBuf[] playlists = new ByteBuf[PlaylistWriter.Skip.values().length];
  private final long[] playlistVersions = new long[playlists.length];
  private LiveStream stream;
  private ScheduledFuture<?> tick;
  private long lastRequestNanos = System.nanoTime();
  private long sourceMissingSinceNanos = -1;
  private long wokenVersion = -1;
  private int reportedSessions;
  private boolean stopped;

  /** A parked request and when it gives up. */
  private record Waiter(HlsRequest request, long deadlineNanos) {}

  HlsStream(
      String name,
      EventLoop loop,
      HlsStreams owner,
      StreamRegistry registry,
      HlsSettings settings,
      PlaybackCounters counters) {
    this.name = name;
    this.loop = loop;
    this.owner = owner;
    this.registry = registry;
    this.settings = settings;
    this.counters = counters;
    this.rendition = new Rendition(newRun(), ALLOC);
    this.segmenter = new Segmenter(name, rendition, ALLOC, this::clockOrigin);
    this.sessions = new HlsSessions(settings.sessionTtl().toNanos());
  }

  private long clockOrigin() {
    return stream == null ? LiveStream.NO_CLOCK : stream.clockOriginMillis();
  }

  /** Joins the stream (called once, by {@link HlsStreams}, from any thread). */
  void start() {
    stream = registry.subscribe(name, this);
    tick = loop.scheduleAtFixedRate(this::tick, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
    log.info("HLS packaging of '{}' started", name);
  }

  EventLoop loop() {
    return loop;
  }

  // ---- the stream's side -------------------------------------------------------------------

  @Override
  public EventExecutor executor() {
    return loop;
  }

  /** Not a player: it reports the players it serves as sessions. */
  @Override
  public boolean isPlayer() {
    return false;
  }

  @Override
  public void onAttached(boolean live, List<MediaFrame> startFrames) {
    try {
      if (!stopped) {
        for (MediaFrame frame : startFrames) {
          segmenter.accept(frame);
        }
        changed();
      }
    } finally {
      for (MediaFrame frame : startFrames) {
        frame.release();
      }
    }
  }

  @Override
  public void onFrames(FrameBatch batch) {
    if (stopped) {
      return;
    }
    for (MediaFrame frame : batch.frames()) {
      segmenter.accept(frame);
    }
    changed();
  }

  @Override
  public void onPublished() {}

  @Override
  public void onUnpublished() {
    if (!stopped) {
      segmenter.sourceLost();
      changed();
    }
  }

  @Override
  public void onStreamNotFound() {
    stop("the stream has no source");
  }

  // ---- requests ----------------------------------------------------------------------------

  /** Answers a request now or parks it. Runs on this stream's loop. */
  void serve(HlsRequest request) {
    if (stopped) {
      owner.dispatch(request); // a new packager, if the request may start one
      return;
    }
    lastRequestNanos = System.nanoTime();
    HlsUris.Resource resource = request.resource();
    switch (resource.kind()) {
      case MULTIVARIANT, MEDIA -> playlist(request);
      case INIT -> {
        HlsInit init = ofThisRun(request) ? rendition.init((int) resource.number()) : null;
        media(request, init == null ? null : init.data(), HlsResponses.MP4);
      }
      case SEGMENT -> {
        HlsSegment segment =
            ofThisRun(request) ? rendition.completeSegment(resource.number()) : null;
        media(request, segment == null ? null : segment.body(), HlsResponses.SEGMENT);
      }
      case PART -> part(request);
    }
  }

  private boolean ofThisRun(HlsRequest request) {
    return rendition.run().equals(request.resource().run());
  }

  private void playlist(HlsRequest request) {
    if (request.resource().kind() == HlsUris.Kind.MEDIA && !countSession(request)) {
      return;
    }
    if (!rendition.isReady()) {
      if (rendition.isEnded()) {
        notFound(request, "stream '" + name + "' has ended");
      } else {
        park(request, settings.streamWait().toNanos());
      }
      return;
    }
    if (request.resource().kind() == HlsUris.Kind.MULTIVARIANT) {
      answerMultivariant(request);
      return;
    }
    if (request.isBlocking()) {
      if (request.msn() > rendition.lastMsn() + 2) {
        HlsResponses.text(
            request.channel(),
            HttpResponseStatus.BAD_REQUEST,
            "_HLS_msn " + request.msn() + " is too far ahead of " + rendition.lastMsn(),
            request.keepAlive());
        return;
      }
      if (!rendition.satisfies(request.msn(), request.part())) {
        park(request, blockNanos());
        return;
      }
    }
    answerMediaPlaylist(request);
  }

  /** Counts the request's session; false when a new one was refused (the server is full). */
  private boolean countSession(HlsRequest request) {
    String session = request.session();
    if (session == null || !HlsSessions.isWellFormed(session)) {
      return true; // served, not counted: players get their session from index.m3u8
    }
    long now = System.nanoTime();
    if (!sessions.isKnown(session) && !owner.admitsPlayers()) {
      owner.refused();
      HlsResponses.text(
          request.channel(),
          HttpResponseStatus.SERVICE_UNAVAILABLE,
          "this server takes no more players; ask /cluster for another",
          request.keepAlive());
      return false;
    }
    sessions.seen(session, now);
    reportSessions();
    return true;
  }

  private void part(HlsRequest request) {
    long index = request.resource().number();
    HlsPart part = ofThisRun(request) ? rendition.part(index) : null;
    if (part == null
        && ofThisRun(request)
        && !rendition.isEnded()
        && index >= rendition.nextPartIndex()
        && index < rendition.nextPartIndex() + PARTS_AHEAD) {
      park(request, blockNanos()); // the preload hint: answered once the part exists
      return;
    }
    media(request, part == null ? null : part.data(), HlsResponses.SEGMENT);
  }

  private void media(HlsRequest request, ByteBuf body, String contentType) {
    if (body == null) {
      notFound(request, "no such part, segment or map of '" + name + "' (any more)");
      return;
    }
    counters.bytesOut(
        HlsResponses.send(
            request.channel(),
            contentType,
            HlsResponses.IMMUTABLE,
            body.retainedDuplicate(),
            request.range(),
            request.keepAlive()));
  }

  private void answerMultivariant(HlsRequest request) {
    String session = sessions.open(System.nanoTime());
    reportSessions();
    String text =
        PlaylistWriter.multivariant(
            segmenter.tracks(),
            bandwidth(),
            HlsUris.MEDIA
                + "?"
                + HlsUris.SESSION
                + "="
                + session
                + (request.accessQuery().isEmpty() ? "" : "&" + request.accessQuery()));
    counters.bytesOut(
        HlsResponses.send(
            request.channel(),
            HlsResponses.PLAYLIST,
            HlsResponses.NOT_STORED,
            ByteBufUtil.writeUtf8(request.channel().alloc(), text),
            null,
            request.keepAlive()));
  }

  private void answerMediaPlaylist(HlsRequest request) {
    ByteBuf body = cachedPlaylist(request.skip()).retainedDuplicate();
    counters.bytesOut(
        HlsResponses.send(
            request.channel(),
            HlsResponses.PLAYLIST,
            request.isBlocking() ? HlsResponses.NOT_STORED : HlsResponses.LIVE,
            body,
            null,
            request.keepAlive()));
  }

  /** The media playlist, written once per change of the rendition and shared by every player. */
  private ByteBuf cachedPlaylist(PlaylistWriter.Skip skip) {
    int slot = skip.ordinal();
    if (playlists[slot] == null || playlistVersions[slot] != rendition.version()) {
      if (playlists[slot] != null) {
        playlists[slot].release();
      }
      playlists[slot] = ByteBufUtil.writeUtf8(ALLOC, PlaylistWriter.media(rendition, skip));
      playlistVersions[slot] = rendition.version();
    }
    return playlists[slot];
  }

  /** The peak bit rate of the complete segments (the multivariant playlist's BANDWIDTH). */
  private long bandwidth() {
    long peak = 0;
    for (HlsSegment segment : rendition.segments()) {
      if (segment.durationMillis() > 0) {
        peak =
            Math.max(peak, segment.body().readableBytes() * 8L * 1000 / segment.durationMillis());
      }
    }
    return peak > 0 ? peak : DEFAULT_BANDWIDTH;
  }

  private void notFound(HlsRequest request, String message) {
    HlsResponses.text(
        request.channel(), HttpResponseStatus.NOT_FOUND, message, request.keepAlive());
  }

  private long blockNanos() {
    return TimeUnit.SECONDS.toNanos(
        (long) BLOCK_TARGET_DURATIONS * Math.max(1, rendition.targetDurationSeconds()));
  }

  /**
   * Parks a request. The connection reads nothing more meanwhile, so a pipelined request cannot
   * overtake this one's response.
   */
  private void park(HlsRequest request, long waitNanos) {
    request.channel().config().setAutoRead(false);
    waiters.add(new Waiter(request, System.nanoTime() + waitNanos));
  }

  private void resume(Waiter waiter) {
    waiter.request().channel().config().setAutoRead(true);
  }

  /** The rendition may have changed: answer the waiters it satisfies now. */
  private void changed() {
    if (rendition.version() == wokenVersion || waiters.isEmpty()) {
      wokenVersion = rendition.version();
      return;
    }
    wokenVersion = rendition.version();
    Iterator<Waiter> parked = waiters.iterator();
    List<HlsRequest> ready = new ArrayList<>();
    while (parked.hasNext()) {
      Waiter waiter = parked.next();
      if (!waiter.request().channel().isActive()) {
        parked.remove();
      } else if (isSatisfied(waiter.request())) {
        parked.remove();
        resume(waiter);
        ready.add(waiter.request());
      }
    }
    for (HlsRequest request : ready) {
      serve(request);
    }
  }

  private boolean isSatisfied(HlsRequest request) {
    if (rendition.isEnded()) {
      return true;
    }
    return switch (request.resource().kind()) {
      case MULTIVARIANT, MEDIA ->
          rendition.isReady()
              && (!request.isBlocking() || rendition.satisfies(request.msn(), request.part()));
      case PART -> rendition.part(request.resource().number()) != null;
      default -> true;
    };
  }

  // ---- housekeeping ------------------------------------------------------------------------

  private void tick() {
    if (stopped) {
      return;
    }
    long now = System.nanoTime();
    expireWaiters(now);
    if (sessions.count() > 0) {
      sessions.expire(now);
      reportSessions();
    }
    if (stream != null && !stream.isLive()) {
      if (sourceMissingSinceNanos < 0) {
        sourceMissingSinceNanos = now;
      } else if (now - sourceMissingSinceNanos > settings.streamWait().toNanos()) {
        stop("no source for " + settings.streamWait().toSeconds() + " s");
        return;
      }
    } else {
      sourceMissingSinceNanos = -1;
    }
    if (waiters.isEmpty() && now - lastRequestNanos > settings.idleTimeout().toNanos()) {
      stop("no HLS requests for " + settings.idleTimeout().toSeconds() + " s");
    }
  }

  /** Waiters out of time get what there is: the playlist as it stands, or not found. */
  private void expireWaiters(long now) {
    List<HlsRequest> due = new ArrayList<>();
    Iterator<Waiter> parked = waiters.iterator();
    while (parked.hasNext()) {
      Waiter waiter = parked.next();
      if (!waiter.request().channel().isActive()) {
        parked.remove();
      } else if (now - waiter.deadlineNanos() >= 0) {
        parked.remove();
        resume(waiter);
        due.add(waiter.request());
      }
    }
    for (HlsRequest request : due) {
      HlsUris.Kind kind = request.resource().kind();
      if ((kind == HlsUris.Kind.MEDIA || kind == HlsUris.Kind.MULTIVARIANT)
          && rendition.isReady()) {
        if (kind == HlsUris.Kind.MEDIA) {
          answerMediaPlaylist(request);
        } else {
          answerMultivariant(request);
        }
      } else {
        notFound(request, "stream '" + name + "' has nothing to play yet");
      }
    }
  }

  private void reportSessions() {
    int count = sessions.count();
    if (count != reportedSessions && stream != null) {
      reportedSessions = count;
      stream.reportSessionPlayers(count);
    }
  }

  /** Ends the playlist, answers every waiter, leaves the stream and frees the rendition. */
  void stop(String reason) {
    if (stopped) {
      return;
    }
    segmenter.end();
    List<Waiter> left = new ArrayList<>(waiters);
    waiters.clear();
    for (Waiter waiter : left) {
      resume(waiter);
      if (waiter.request().channel().isActive()) {
        if (rendition.isReady() && waiter.request().resource().kind() == HlsUris.Kind.MEDIA) {
          answerMediaPlaylist(waiter.request());
        } else {
          notFound(waiter.request(), "stream '" + name + "' has ended");
        }
      }
    }
    stopped = true;
    if (tick != null) {
      tick.cancel(false);
    }
    owner.remove(name, this);
    if (stream != null) {
      stream.reportSessionPlayers(0);
      stream.detach(this);
    }
    segmenter.release();
    rendition.release();
    for (int i = 0; i < playlists.length; i++) {
      if (playlists[i] != null) {
        playlists[i].release();
        playlists[i] = null;
      }
    }
    log.info("HLS packaging of '{}' stopped: {}", name, reason);
  }

  /** A run id: the time the packager started, in base 36, and a little randomness. */
  private static String newRun() {
    return Long.toString(System.currentTimeMillis(), 36)
        + Integer.toString(ThreadLocalRandom.current().nextInt(36 * 36), 36);
  }
}
