package io.streamcluster.media.stream;

/** A publisher asked for a stream name that another source is already publishing. */
public final class StreamBusyException extends Exception {

  public StreamBusyException(String stream, String currentSource) {
    super("stream '" + stream + "' is already being published by " + currentSource);
  }
}
