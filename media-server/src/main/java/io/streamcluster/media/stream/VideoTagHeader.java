package io.streamcluster.media.stream;

/**
 * The first two bytes of a video body, the same in an FLV tag and an RTMP video message (FLV
 * specification 10.1, annex E.4.3.1, and Enhanced RTMP): the frame type in bits 4 to 6, and below
 * it the codec id (AVC and HEVC then carry a packet type byte, 0 for the sequence header) or, with
 * the high bit set (Enhanced RTMP), the packet type (0 for the sequence start). {@link MediaFrame}
 * classifies its video with it, and the load tool the bodies it skips over.
 */
public final class VideoTagHeader {

  private static final int KEY_FRAME = 1;
  private static final int AVC = 7;
  private static final int HEVC = 12;

  private VideoTagHeader() {}

  /** Whether the frame type is a keyframe; a sequence header is one too. */
  public static boolean isKeyframe(int b0) {
    return ((b0 >> 4) & 0x07) == KEY_FRAME;
  }

  /**
   * Whether the body is a decoder configuration record rather than a picture.
   *
   * @param b1 the second byte, or -1 when the body has only one
   */
  public static boolean isSequenceHeader(int b0, int b1) {
    if ((b0 & 0x80) != 0) {
      return (b0 & 0x0F) == 0;
    }
    int codec = b0 & 0x0F;
    return (codec == AVC || codec == HEVC) && b1 == 0;
  }

  /** Whether the body is a keyframe that carries a picture: where a player can start. */
  public static boolean isCodedKeyframe(int b0, int b1) {
    return isKeyframe(b0) && !isSequenceHeader(b0, b1);
  }
}
