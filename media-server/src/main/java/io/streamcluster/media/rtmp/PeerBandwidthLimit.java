package io.streamcluster.media.rtmp;

/** The limit type of a Set Peer Bandwidth message (RTMP specification, section 5.4.5). */
public enum PeerBandwidthLimit {
  HARD,
  SOFT,
  DYNAMIC;

  /** The value sent on the wire. */
  public int code() {
    return ordinal();
  }
}
