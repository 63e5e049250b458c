package io.streamcluster.media.edge;

/** One pull of one stream from one origin: a connection that plays the stream and feeds it here. */
public interface Upstream {

  OriginAddress origin();

  String stream();

  /** Ends the pull; the stream's publication closes. Safe from any thread, more than once. */
  void close();
}
