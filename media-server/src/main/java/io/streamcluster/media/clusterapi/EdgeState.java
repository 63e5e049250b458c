package io.streamcluster.media.clusterapi;

import com.fasterxml.jackson.annotation.JsonValue;

/** Where an edge stands in the rotation, as the cluster API reports it. */
public enum EdgeState {
  /** Checking in and taking players (when it has room). */
  READY,
  /** Serving its players but taking no new ones; it leaves when empty. */
  DRAINING,
  /** Missed its check-ins; out of the rotation. */
  GONE;

  @JsonValue
  public String json() {
    return name().toLowerCase();
  }
}
