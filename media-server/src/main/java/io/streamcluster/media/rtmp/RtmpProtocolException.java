package io.streamcluster.media.rtmp;

/** A peer's message that does not have the shape RTMP requires; the peer is at fault. */
public final class RtmpProtocolException extends RuntimeException {

  public RtmpProtocolException(String message) {
    super(message);
  }
}
