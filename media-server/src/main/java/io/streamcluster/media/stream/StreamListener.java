package io.streamcluster.media.stream;

/**
 * Hears streams come and go (for metrics and the cluster API). May be called under the stream's
 * lock: an implementation records and returns, it never calls back into the stream.
 */
public interface StreamListener {

  default void streamCreated(LiveStream stream) {}

  default void streamRemoved(LiveStream stream) {}

  StreamListener NONE = new StreamListener() {};
}
