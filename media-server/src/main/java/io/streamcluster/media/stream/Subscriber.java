package io.streamcluster.media.stream;

import io.netty.util.concurrent.EventExecutor;
import java.util.List;

/**
 * A player of one live stream. Every call reaches it on its own {@link #executor()}, in the order
 * the stream produced them, so an implementation needs no locks.
 */
public interface Subscriber {

  /** The event loop of the player's connection; all callbacks run there. */
  EventExecutor executor();

  /**
   * The player is attached. {@code live} says whether the stream has a source right now; {@code
   * startFrames} (metadata, sequence headers, the GOP so far) are the caller's to release.
   */
  void onAttached(boolean live, List<MediaFrame> startFrames);

  /** Frames produced since the last call. Not retained for the subscriber: write duplicates. */
  void onFrames(FrameBatch batch);

  /** A source started publishing the stream (after {@link #onUnpublished()} or while waiting). */
  void onPublished();

  /** The stream's source went away; another may come back under the same name. */
  void onUnpublished();

  /** No source appeared in time: the subscriber should tell its player and go. */
  void onStreamNotFound();

  /**
   * Whether this subscriber is one player, counted in the stream's subscribers. A packager that
   * serves many players through requests (HLS) is not one: it reports the players it serves with
   * {@link LiveStream#reportSessionPlayers}.
   */
  default boolean isPlayer() {
    return true;
  }
}
