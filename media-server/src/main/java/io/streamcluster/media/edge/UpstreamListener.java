package io.streamcluster.media.edge;

/**
 * Hears how an upstream pull goes. Called on the upstream's event loop: an implementation hands the
 * news to its own executor and returns.
 */
public interface UpstreamListener {

  /** The origin started playing the stream and it now feeds the local stream. */
  void started(Upstream upstream);

  /** The pull is over, whether it ever started or not; heard exactly once per upstream. */
  void ended(Upstream upstream, UpstreamEnd end);
}
