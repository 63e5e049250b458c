package io.streamcluster.media.stream;

import io.netty.util.concurrent.EventExecutor;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The subscribers of one stream that live on one event loop. The stream hands the group one task
 * per batch of frames, so fan-out costs one task per event loop rather than one per player. Only
 * touched on its executor.
 */
final class SubscriberGroup {

  private final EventExecutor executor;
  private final List<Subscriber> subscribers = new ArrayList<>();

  SubscriberGroup(EventExecutor executor) {
    this.executor = executor;
  }

  EventExecutor executor() {
    return executor;
  }

  void add(Subscriber subscriber) {
    subscribers.add(subscriber);
  }

  boolean remove(Subscriber subscriber) {
    return subscribers.remove(subscriber);
  }

  /** Hands the batch to each subscriber, then releases this group's reference to it. */
  void deliver(FrameBatch batch) {
    try {
      for (int i = 0; i < subscribers.size(); i++) {
        subscribers.get(i).onFrames(batch);
      }
    } finally {
      batch.release();
    }
  }

  void forEach(Consumer<Subscriber> action) {
    // A copy: an action may make a subscriber leave.
    new ArrayList<>(subscribers).forEach(action);
  }
}
