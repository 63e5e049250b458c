package io.streamcluster.media.rtmp;

/**
 * A peer's message that does not have the shape RTMP requires, or that crosses a bound; the peer is
 * at fault. The reason is the short word it is counted under in {@code
 * streamcluster_connections_refused_total}.
 */
public final class RtmpProtocolException extends RuntimeException {

  /** The reason of a message that breaks the protocol rather than a bound. */
  public static final String PROTOCOL_ERROR = "protocol_error";

  private final String reason;

  public RtmpProtocolException(String message) {
    this(PROTOCOL_ERROR, message);
  }

  public RtmpProtocolException(String reason, String message) {
    super(message);
    this.reason = reason;
  }

  public String reason() {
    return reason;
  }
}
