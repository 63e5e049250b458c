package io.streamcluster.media.clusterapi;

/**
 * {@code GET /api/v1/streams/{name}} answered 200: the stream is live on the origin that answered,
 * and edges pull it from that origin's RTMP port. An origin without it answers 404.
 */
public record StreamLocation(String name, boolean live, int rtmpPort) {

  /** The answer of an origin on which {@code name} is live. */
  public static StreamLocation live(String name, int rtmpPort) {
    return new StreamLocation(name, true, rtmpPort);
  }
}
