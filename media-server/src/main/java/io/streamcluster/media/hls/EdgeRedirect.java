package io.streamcluster.media.hls;

import java.util.Optional;

/**
 * Where a browser's or phone's first request for a stream is sent instead of being served here: an
 * origin hands its HLS players and web-player visitors to an edge, the same rotation {@code
 * /cluster} uses, so that one public URL serves a whole cluster.
 */
@FunctionalInterface
public interface EdgeRedirect {

  /** The base URL ({@code http://host:port}) of the edge for a new player of {@code stream}. */
  Optional<String> edgeFor(String stream);

  /** Serves every player here (standalone servers, edges). */
  EdgeRedirect NONE = stream -> Optional.empty();
}
