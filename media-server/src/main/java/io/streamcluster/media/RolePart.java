package io.streamcluster.media;

import io.streamcluster.media.hls.EdgeRedirect;
import io.streamcluster.media.http.HttpRoutes;
import io.streamcluster.media.rtmp.PublishGate;
import io.streamcluster.media.rtmp.RtmpContext;
import java.util.Optional;

/**
 * What one role adds to the server every role shares ({@link MediaServer}: event loops, listeners,
 * streams, health, metrics, HTTP-FLV, draining). Called in this order: made once the event loops
 * run; asked how RTMP publishing works before the RTMP listener binds; adds its public HTTP routes
 * once RTMP listens, then its internal ones; told when every listener accepts connections; closed
 * first when the server stops.
 */
interface RolePart extends AutoCloseable {

  /** Whether RTMP clients may publish to this server. */
  RtmpContext.PublishPolicy publishing();

  /** Asked before a publisher is accepted. */
  default PublishGate publishGate() {
    return PublishGate.NOWHERE_ELSE;
  }

  /** Adds the role's public HTTP endpoints (HTTP and HTTPS ports). */
  default void addRoutes(HttpRoutes routes) {}

  /** Adds the role's endpoints on the internal port (the cluster API, a role's own view). */
  default void addInternalRoutes(HttpRoutes routes) {}

  /** Where new HLS players and web-player visitors are sent instead of being served here. */
  default EdgeRedirect edgeRedirect() {
    return EdgeRedirect.NONE;
  }

  /** Every listener accepts connections now. */
  default void started() {}

  /** Why the server, running, is not ready for players yet; empty when it is. */
  default Optional<String> notReady() {
    return Optional.empty();
  }

  /** The server has just begun to drain. */
  default void draining() {}

  @Override
  default void close() {}
}
