package io.streamcluster.media.stream;

/**
 * Hears streams come and go (for metrics and the cluster API). May be called under the stream's
 * lock: an implementation records and returns, it never calls back into the stream.
 */
public interface StreamListener {

  default void streamCreated(LiveStream stream) {}

  default void streamRemoved(LiveStream stream) {}

  /** The stream got its first subscriber (an edge starts pulling it when it has no source). */
  default void firstSubscriberJoined(LiveStream stream) {}

  /** The stream's last subscriber left (an edge lets its upstream go after a grace period). */
  default void lastSubscriberLeft(LiveStream stream) {}

  StreamListener NONE = new StreamListener() {};
}
