package io.streamcluster.media.edge;

/** Opens upstream pulls; {@link UpstreamClient} over the network, a fake in tests. */
public interface UpstreamConnector {

  /**
   * Starts pulling {@code stream} from {@code origin} and returns at once; {@code listener} hears
   * whether the origin plays it, and when the pull ends.
   */
  Upstream open(OriginAddress origin, String stream, UpstreamListener listener);
}
