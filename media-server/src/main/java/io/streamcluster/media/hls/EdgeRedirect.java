package io.streamcluster.media.hls;

import java.util.Optional;

/**
 * Where a browser's or phone's first request for a stream is sent instead of being served here: an
 * origin hands its HLS players and web-player visitors to an edge, the same rotation {@code
 * /cluster} uses, so that one public URL serves a whole cluster.
 */
@FunctionalInterface
public interface EdgeRedirect {

  /**
   * The base URL ({@code http://host:port}, or {@code https://host:httpsPort} for a request that
   * came over HTTPS: a secure page never loads plain media) of the edge for a new player of {@code
   * stream}; empty to serve it here.
   */
  Optional<String> edgeFor(String stream, boolean overTls);

  /** Serves every player here (standalone servers, edges). */
  EdgeRedirect NONE = (stream, overTls) -> Optional.empty();
}
