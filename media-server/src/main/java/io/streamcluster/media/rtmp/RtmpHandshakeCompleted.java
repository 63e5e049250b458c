package io.streamcluster.media.rtmp;

/**
 * User event fired by the handshake handlers once the handshake is done and they have left the
 * pipeline; chunks may follow.
 */
public enum RtmpHandshakeCompleted {
  INSTANCE
}
