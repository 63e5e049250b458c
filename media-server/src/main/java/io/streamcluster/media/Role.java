package io.streamcluster.media;

/** What a media server process is in the cluster. */
public enum Role {
  /** Takes publishers; edges pull from it. */
  ORIGIN,
  /** Pulls streams from origins on demand and serves players. */
  EDGE,
  /** Publishers and players in one process, no cluster. */
  STANDALONE
}
