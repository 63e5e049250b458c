package io.streamcluster.media.stream;

/** A new stream name was asked for while the server keeps as many streams as it may. */
public final class StreamLimitException extends RuntimeException {

  public StreamLimitException(String stream, int maxStreams) {
    super(
        "no stream '"
            + stream
            + "' can be created: the server keeps "
            + maxStreams
            + " streams, its limit");
  }
}
