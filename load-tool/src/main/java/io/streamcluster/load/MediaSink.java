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
}
