package io.streamcluster.media.rtmp;

/**
 * Counts the bytes received from a peer and says when to acknowledge them: each time the window the
 * peer set with Window Acknowledgement Size fills (RTMP specification, section 5.4.3). Until the
 * peer sets one, nothing is acknowledged.
 */
public final class AcknowledgementWindow {

  private long received;
  private long acknowledged;
  private long size;

  public void received(long bytes) {
    received += bytes;
  }

  /** The window the peer asked for, or 0 before it asked. */
  public long size() {
    return size;
  }

  public void resize(long windowSize) {
    size = windowSize;
  }

  /**
   * The sequence number (bytes received so far, modulo 2^32) to acknowledge now, or -1 while the
   * window has not filled since the last acknowledgement.
   */
  public long due() {
    if (size <= 0 || received - acknowledged < size) {
      return -1;
    }
    acknowledged = received;
    return received & 0xFFFFFFFFL;
  }
}
