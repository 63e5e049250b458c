package io.streamcluster.load;

/** Receives one call per media message a skipping parser finds; the payload itself is not seen. */
interface MediaSink {

  /**
   * A media message (FLV tag or RTMP message) has started to arrive.
   *
   * @param typeId 8 audio, 9 video, 18 data (the FLV tag type and RTMP message type agree)
   * @param timestamp the message's timestamp in milliseconds
   * @param size the message's payload size in bytes
   * @param keyframe whether this is a video keyframe carrying picture data (not a sequence header)
   */
  void onMedia(int typeId, long timestamp, int size, boolean keyframe);

  /**
   * Whether a video message whose first two payload bytes are {@code b0 b1} is a coded keyframe.
   */
  static boolean isKeyframe(int b0, int b1) {
    int frameType = (b0 >> 4) & 0x07;
    if (frameType != 1) {
      return false;
    }
    boolean exHeader = (b0 & 0x80) != 0;
    if (exHeader) {
      // Enhanced RTMP: the low nibble is the packet type; 0 is the sequence start.
      return (b0 & 0x0F) != 0;
    }
    int codecId = b0 & 0x0F;
    // AVC (7) and the common HEVC id (12) carry a packet type byte: 0 is the sequence header.
    return !((codecId == 7 || codecId == 12) && b1 == 0);
  }
}
