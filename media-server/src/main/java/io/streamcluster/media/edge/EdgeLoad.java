package io.streamcluster.media.edge;

import io.streamcluster.media.clusterapi.CheckIn;
import io.streamcluster.media.clusterapi.EdgeState;

/** What an edge knows of itself, read for each check-in and for {@code GET /api/v1/edge}. */
public interface EdgeLoad {

  /** Ready or draining. */
  EdgeState state();

  /** The check-in to send now. */
  CheckIn snapshot();
}
