package io.streamcluster.media.edge;

import io.streamcluster.media.clusterapi.CheckIn;
import io.streamcluster.media.clusterapi.EdgeState;

/** What an edge knows of itself, read for each check-in and for {@code GET /api/v1/edge}. */
public interface EdgeLoad {

  /** Ready or draining. */
  EdgeState state();

  /** The check-in to send now. */
  CheckIn snapshot();

  /**
   * Whether the edge has an address players can reach, looked at again before each round of
   * check-ins (on the check-in thread, so it may read a file). An edge without one does not check
   * in: no origin hands it out.
   */
  default boolean advertisable() {
    return true;
  }
}
