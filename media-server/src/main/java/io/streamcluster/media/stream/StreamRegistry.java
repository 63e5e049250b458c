package io.streamcluster.media.stream;

import io.netty.util.concurrent.EventExecutor;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

/**
 * Every live stream of this server by name. A stream exists while it has a source or a subscriber;
 * a source may be a local publisher or an upstream pull, which the registry does not distinguish.
 */
public final class StreamRegistry {

  private final ConcurrentHashMap<String, LiveStream> streams = new ConcurrentHashMap<>();
  private final int gopCacheMaxBytes;
  private final GopBudget gopBudget;
  private final int maxStreams;
  private final long reservationNanos;
  private final long fanOutIntervalNanos;
  private final ListenerList listeners = new ListenerList();
  private final Object admission = new Object();

  /** A registry without bounds across streams (tests, tools). */
  public StreamRegistry(int gopCacheMaxBytes, Duration fanOutInterval, StreamListener listener) {
    this(
        gopCacheMaxBytes,
        new GopBudget(GopBudget.UNBOUNDED),
        Integer.MAX_VALUE,
        Duration.ZERO,
        fanOutInterval,
        listener);
  }

  /**
   * @param gopCacheMaxBytes most media bytes one stream's GOP cache holds
   * @param gopBudget what all GOP caches hold together
   * @param maxStreams stream names kept at once; more are refused with {@link StreamLimitException}
   * @param reservation how long a name whose publisher dropped, while players wait, is kept for
   *     that publisher's identity
   */
  public StreamRegistry(
      int gopCacheMaxBytes,
      GopBudget gopBudget,
      int maxStreams,
      Duration reservation,
      Duration fanOutInterval,
      StreamListener listener) {
    this.gopCacheMaxBytes = gopCacheMaxBytes;
    this.gopBudget = gopBudget;
    this.maxStreams = maxStreams;
    this.reservationNanos = reservation.toNanos();
    this.fanOutIntervalNanos = fanOutInterval.toNanos();
    listeners.add(listener);
  }

  /**
   * Makes {@code source} the stream's publisher, its identity the source itself.
   *
   * @param executor the source's event loop, where the returned publication must be used
   * @throws StreamBusyException when another source publishes that name
   * @throws StreamLimitException when the name is new and the server keeps all the streams it may
   */
  public Publication publish(String name, EventExecutor executor, String source)
      throws StreamBusyException {
    return publish(name, executor, source, source);
  }

  /**
   * Makes {@code source} the stream's publisher.
   *
   * @param identity who the source is (see {@link io.streamcluster.media.auth.StreamAccess}); a
   *     name whose publisher dropped while players wait is kept for the same identity
   * @throws StreamBusyException when another source publishes that name, or it is kept for another
   *     identity
   * @throws StreamLimitException when the name is new and the server keeps all the streams it may
   */
  public Publication publish(String name, EventExecutor executor, String source, String identity)
      throws StreamBusyException {
    while (true) {
      LiveStream stream = streamFor(name);
      Publication publication =
          new Publication(stream, executor, source, identity, fanOutIntervalNanos);
      if (stream.tryPublish(publication)) {
        return publication;
      }
    }
  }

  /**
   * Attaches a subscriber to the stream, waiting for a source when there is none yet.
   *
   * @throws StreamLimitException when the name is new and the server keeps all the streams it may
   */
  public LiveStream subscribe(String name, Subscriber subscriber) {
    while (true) {
      LiveStream stream = streamFor(name);
      if (stream.tryAttach(subscriber)) {
        return stream;
      }
    }
  }

  /**
   * Attaches a player when {@code admits} says the server has room, deciding and attaching as one
   * step: players that arrive at the same instant on different event loops cannot all pass a check
   * that has room for one more, so the server never ends over its cap.
   *
   * @return the stream joined, or empty when {@code admits} said no
   * @throws StreamLimitException when the name is new and the server keeps all the streams it may
   */
  public Optional<LiveStream> subscribeIfAdmitted(
      String name, Subscriber subscriber, BooleanSupplier admits) {
    synchronized (admission) {
      return admits.getAsBoolean() ? Optional.of(subscribe(name, subscriber)) : Optional.empty();
    }
  }

  public Optional<LiveStream> find(String name) {
    return Optional.ofNullable(streams.get(name));
  }

  public Collection<LiveStream> streams() {
    return List.copyOf(streams.values());
  }

  public int publisherCount() {
    int count = 0;
    for (LiveStream stream : streams.values()) {
      count += stream.isLive() ? 1 : 0;
    }
    return count;
  }

  public int subscriberCount() {
    int count = 0;
    for (LiveStream stream : streams.values()) {
      count += stream.subscriberCount();
    }
    return count;
  }

  /** Media bytes held by the GOP caches of all streams. */
  public long gopCacheBytes() {
    return gopBudget.usedBytes();
  }

  long reservationNanos() {
    return reservationNanos;
  }

  /** Every listener, heard in the order added. */
  private static final class ListenerList implements StreamListener {
    private final List<StreamListener> all = new CopyOnWriteArrayList<>();

    void add(StreamListener listener) {
      all.add(listener);
    }

    @Override
    public void streamCreated(LiveStream stream) {
      all.forEach(l -> l.streamCreated(stream));
    }

    @Override
    public void streamRemoved(LiveStream stream) {
      all.forEach(l -> l.streamRemoved(stream));
    }

    @Override
    public void firstSubscriberJoined(LiveStream stream) {
      all.forEach(l -> l.firstSubscriberJoined(stream));
    }

    @Override
    public void lastSubscriberLeft(LiveStream stream) {
      all.forEach(l -> l.lastSubscriberLeft(stream));
    }
  }

  private LiveStream streamFor(String name) {
    LiveStream existing = streams.get(name);
    if (existing != null) {
      return existing;
    }
    if (streams.size() >= maxStreams) {
      throw new StreamLimitException(name, maxStreams);
    }
    LiveStream created = new LiveStream(name, this, gopCacheMaxBytes, gopBudget);
    LiveStream raced = streams.putIfAbsent(name, created);
    if (raced != null) {
      return raced;
    }
    listeners.streamCreated(created);
    return created;
  }

  /** Adds a listener for streams created from now on and for subscriber arrivals and leaves. */
  public void addListener(StreamListener listener) {
    listeners.add(listener);
  }

  StreamListener listener() {
    return listeners;
  }

  void remove(LiveStream stream) {
    if (streams.remove(stream.name(), stream)) {
      listeners.streamRemoved(stream);
    }
  }
}
