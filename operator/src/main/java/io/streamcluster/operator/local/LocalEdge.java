package io.streamcluster.operator.local;

import io.streamcluster.media.MediaServer;

/**
 * One edge of a local cluster: a media server in this process on its own ports.
 *
 * @param slot the edge's number, which also picks its ports
 */
record LocalEdge(String id, int slot, MediaServer server) {

  boolean draining() {
    return server.isDraining();
  }

  String rtmpAddress() {
    return server.config().edge().advertiseHost() + ":" + server.rtmpPort();
  }
}
