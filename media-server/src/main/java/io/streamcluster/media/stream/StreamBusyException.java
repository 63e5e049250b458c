package io.streamcluster.media.stream;

/**
 * A publisher asked for a stream name it may not have now: another source publishes it, or it is
 * kept for the publisher that dropped while its players wait.
 */
public final class StreamBusyException extends Exception {

  /** Why, as counted in {@code streamcluster_connections_refused_total}. */
  private final String refusal;

  public StreamBusyException(String stream, String currentSource) {
    super("stream '" + stream + "' is already being published by " + currentSource);
    this.refusal = "stream_busy";
  }

  private StreamBusyException(String message, String refusal, boolean unused) {
    super(message);
    this.refusal = refusal;
  }

  /** The name is kept for the identity of the publisher that dropped. */
  static StreamBusyException reserved(String stream, long secondsLeft) {
    return new StreamBusyException(
        "stream '"
            + stream
            + "' is kept for its publisher, who dropped while players wait (for "
            + secondsLeft
            + " s more)",
        "stream_reserved",
        true);
  }

  public String refusal() {
    return refusal;
  }
}
