package io.streamcluster.media.hls;

import java.util.HexFormat;

/** Decoder configurations x264 and ffmpeg's AAC encoder wrote (ffmpeg 5.1, Debian 12). */
final class CodecVectors {

  /** Baseline, 640x360: the height is cropped from 368. */
  static final byte[] AVC_640X360 =
      hex("0142c01effe100196742c01ed900a02ff97011000003000100000300320f162e4801000568cb83cb20");

  /** High, 1024x768: its SPS holds emulation prevention bytes. */
  static final byte[] AVC_1024X768 =
      hex(
          "0164001fffe1001a6764001facd94040061b011000000300100000030320f183196001000668ebe3cb22c0"
              + "fdf8f800");

  /** Main, 1920x1080, cropped from 1088. */
  static final byte[] AVC_1920X1080 =
      hex("014d4028ffe1001a674d4028eca03c0113f2e022000003000200000300641e30632c01000568ebe3cb20");

  /** AAC-LC, 44.1 kHz, stereo, with an explicit SBR extension (no SBR). */
  static final byte[] AAC_44100_STEREO = hex("121056e500");

  private CodecVectors() {}

  static byte[] hex(String text) {
    return HexFormat.of().parseHex(text);
  }
}
