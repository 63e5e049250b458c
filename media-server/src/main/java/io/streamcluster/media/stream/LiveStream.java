package io.streamcluster.media.stream;

import io.netty.util.concurrent.EventExecutor;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One stream name: at most one source, any number of subscribers, and the GOP cache that lets a new
 * subscriber start on a keyframe at once.
 *
 * <p>Ordering: frames, publish events and subscriber arrivals reach each subscriber's event loop as
 * tasks submitted under one lock, so a subscriber sees the cached start frames and then exactly the
 * frames after them, never one twice or one missing.
 */
public final class LiveStream {

  private static final long REPUBLISH_GAP_MILLIS = 40;

  /** {@link #clockOriginMillis()} before any frame arrived. */
  public static final long NO_CLOCK = Long.MIN_VALUE;

  private final String name;
  private final StreamRegistry registry;
  private final Object lock = new Object();
  private final GopCache gop;
  private final Map<EventExecutor, SubscriberGroup> groups = new HashMap<>();
  private final Map<Subscriber, SubscriberGroup> members = new HashMap<>();
  private Publication publication;
  private String reservedFor;
  private long reservedUntilNanos;
  private long lastTimestamp = -1;
  private volatile int attachedPlayers;
  private volatile int sessionPlayers;
  private volatile long clockOriginMillis = NO_CLOCK;
  private volatile boolean live;
  private boolean removed;

  LiveStream(String name, StreamRegistry registry, int gopCacheMaxBytes, GopBudget gopBudget) {
    this.name = name;
    this.registry = registry;
    this.gop = new GopCache(gopCacheMaxBytes, gopBudget);
  }

  public String name() {
    return name;
  }

  /** Whether a source is publishing right now. */
  public boolean isLive() {
    return live;
  }

  /**
   * The players of this stream: attached players (RTMP, HTTP-FLV) and players that hold no
   * connection to it, such as HLS sessions ({@link #reportSessionPlayers}).
   */
  public int subscriberCount() {
    return attachedPlayers + sessionPlayers;
  }

  /** Whether anything is attached, a player or a packager: an edge keeps pulling while so. */
  public boolean hasSubscribers() {
    synchronized (lock) {
      return !members.isEmpty();
    }
  }

  /**
   * Sets how many players this stream has beyond its attached subscribers: the HLS sessions seen
   * recently, reported by the stream's HLS packager, which is itself not counted.
   */
  public void reportSessionPlayers(int count) {
    sessionPlayers = count;
  }

  /**
   * The wall-clock time (epoch milliseconds) of this stream's timestamp 0 as its current source
   * delivers it: the earliest arrival of any frame minus its timestamp, so a frame's capture time
   * is at most this plus its timestamp. {@link #NO_CLOCK} until a frame arrived. What HLS writes as
   * program date and time.
   */
  public long clockOriginMillis() {
    return clockOriginMillis;
  }

  /** A source's frames set the clock; a new source starts it afresh. */
  void clockOrigin(long millis) {
    clockOriginMillis = millis;
  }

  /** The current source's description, or null. */
  public String source() {
    synchronized (lock) {
      return publication == null ? null : publication.source();
    }
  }

  /** The bytes of media held for new subscribers (a health figure). */
  public long cachedBytes() {
    synchronized (lock) {
      return gop.gopBytes();
    }
  }

  /** Returns false when this stream was removed meanwhile and the caller must look again. */
  boolean tryPublish(Publication candidate) throws StreamBusyException {
    synchronized (lock) {
      if (removed) {
        return false;
      }
      if (publication != null) {
        throw new StreamBusyException(name, publication.source());
      }
      long now = System.nanoTime();
      if (reservedFor != null
          && now < reservedUntilNanos
          && !reservedFor.equals(candidate.identity())) {
        throw StreamBusyException.reserved(
            name, Math.max(1, (reservedUntilNanos - now) / 1_000_000_000L));
      }
      reservedFor = null;
      publication = candidate;
      live = true;
      gop.clear();
      forEachGroup(group -> group.forEach(Subscriber::onPublished));
      return true;
    }
  }

  void unpublish(Publication ending) {
    synchronized (lock) {
      if (publication != ending) {
        return;
      }
      publication = null;
      live = false;
      if (!members.isEmpty()) {
        // Players wait for the publisher to come back: nobody else takes the name meanwhile.
        reservedFor = ending.identity();
        reservedUntilNanos = System.nanoTime() + registry.reservationNanos();
      }
      gop.clear();
      forEachGroup(group -> group.forEach(Subscriber::onUnpublished));
      removeIfUnused();
    }
  }

  /** The offset that continues this stream's clock after the last frame any subscriber saw. */
  long continuationOffset(long firstTimestamp) {
    synchronized (lock) {
      return lastTimestamp < 0 ? 0 : lastTimestamp + REPUBLISH_GAP_MILLIS - firstTimestamp;
    }
  }

  /** Caches the frames and hands them to every group; takes over the caller's references. */
  void dispatch(List<MediaFrame> frames) {
    FrameBatch batch = new FrameBatch(frames);
    try {
      synchronized (lock) {
        for (MediaFrame frame : frames) {
          gop.add(frame);
        }
        lastTimestamp = frames.get(frames.size() - 1).timestamp();
        for (SubscriberGroup group : groups.values()) {
          batch.retain();
          group.executor().execute(() -> group.deliver(batch));
        }
      }
    } finally {
      batch.release();
    }
  }

  /** Returns false when this stream was removed meanwhile and the caller must look again. */
  boolean tryAttach(Subscriber subscriber) {
    synchronized (lock) {
      if (removed) {
        return false;
      }
      SubscriberGroup group = groups.computeIfAbsent(subscriber.executor(), SubscriberGroup::new);
      members.put(subscriber, group);
      if (subscriber.isPlayer()) {
        attachedPlayers++;
      }
      if (members.size() == 1) {
        registry.listener().firstSubscriberJoined(this);
      }
      boolean liveNow = publication != null;
      List<MediaFrame> start = gop.snapshot();
      subscriber
          .executor()
          .execute(
              () -> {
                group.add(subscriber);
                subscriber.onAttached(liveNow, start);
              });
      return true;
    }
  }

  /** The subscriber leaves; safe to call more than once. */
  public void detach(Subscriber subscriber) {
    synchronized (lock) {
      SubscriberGroup group = members.remove(subscriber);
      if (group == null) {
        return;
      }
      if (subscriber.isPlayer()) {
        attachedPlayers--;
      }
      subscriber.executor().execute(() -> group.remove(subscriber));
      if (members.isEmpty()) {
        registry.listener().lastSubscriberLeft(this);
      }
      removeIfUnused();
    }
  }

  private void forEachGroup(Consumer<SubscriberGroup> action) {
    for (SubscriberGroup group : groups.values()) {
      group.executor().execute(() -> action.accept(group));
    }
  }

  private void removeIfUnused() {
    if (publication == null && members.isEmpty() && !removed) {
      removed = true;
      gop.clear();
      registry.remove(this);
    }
  }

  @Override
  public String toString() {
    return "LiveStream{" + name + ", live=" + live + ", subscribers=" + subscriberCount() + "}";
  }
}
