package io.streamcluster.media.hls;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * An H.264 decoder configuration: the AVCDecoderConfigurationRecord (ISO/IEC 14496-15 5.3.3.1) that
 * an FLV/RTMP sequence header carries and that an MP4 {@code avcC} box holds as is, with what HLS
 * needs from it: the codec string and the picture size from the first sequence parameter set.
 *
 * @param record the whole record, as the {@code avcC} box's payload
 * @param width picture width in pixels, after cropping
 * @param height picture height in pixels, after cropping
 * @param parameterSets the record's parameter sets as length-prefixed NAL units (see {@link
 *     #parameterSetsInBand})
 */
record AvcConfig(byte[] record, int width, int height, byte[] parameterSets) {

  private static final int[] HIGH_PROFILES = {100, 110, 122, 244, 44, 83, 86, 118, 128, 138, 139};

  /** Parses a record; throws IllegalArgumentException when it is not one. */
  static AvcConfig parse(byte[] record) {
    if (record.length < 7 || record[0] != 1) {
      throw new IllegalArgumentException("not an AVC decoder configuration record");
    }
    int spsCount = record[5] & 0x1F;
    if (spsCount < 1) {
      throw new IllegalArgumentException("an AVC configuration without a sequence parameter set");
    }
    int spsLength = ((record[6] & 0xFF) << 8) | (record[7] & 0xFF);
    if (8 + spsLength > record.length || spsLength < 4) {
      throw new IllegalArgumentException("a truncated sequence parameter set");
    }
    int[] size = pictureSize(record, 8 + 1, spsLength - 1); // after the NAL unit header
    byte[] copy = record.clone();
    return new AvcConfig(copy, size[0], size[1], parameterSetsInBand(copy));
  }

  /** The size of a NAL unit's length prefix in the samples: 1, 2 or 4 bytes. */
  int nalLengthSize() {
    return nalLengthSize(record);
  }

  private static int nalLengthSize(byte[] record) {
    return (record[4] & 0x03) + 1;
  }

  /**
   * The record's sequence and picture parameter sets as length-prefixed NAL units, to go in front
   * of a keyframe: a decoder that keeps the first initialization section's configuration (ffmpeg
   * after a new EXT-X-MAP) still decodes a stream whose picture size changed. An {@code avc1}
   * sample entry allows parameter sets in the samples as well.
   */
  private static byte[] parameterSetsInBand(byte[] record) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int lengthSize = nalLengthSize(record);
    int at = 5;
    for (int list = 0; list < 2 && at < record.length; list++) {
      int count = list == 0 ? record[at] & 0x1F : record[at] & 0xFF;
      at++;
      for (int i = 0; i < count && at + 2 <= record.length; i++) {
        int length = ((record[at] & 0xFF) << 8) | (record[at + 1] & 0xFF);
        at += 2;
        if (at + length > record.length) {
          return new byte[0];
        }
        for (int b = lengthSize - 1; b >= 0; b--) {
          out.write(length >> (8 * b));
        }
        out.write(record, at, length);
        at += length;
      }
    }
    return out.toByteArray();
  }

  /** RFC 6381 {@code avc1.PPCCLL}: profile, constraint flags and level from the record. */
  String codecs() {
    return String.format("avc1.%02x%02x%02x", record[1] & 0xFF, record[2] & 0xFF, record[3] & 0xFF);
  }

  /** The width and height a sequence parameter set describes (H.264 7.3.2.1.1 and 7.4.2.1.1). */
  private static int[] pictureSize(byte[] data, int offset, int length) {
    BitReader in = BitReader.rbsp(data, offset, length);
    int profile = in.bits(8);
    in.bits(16); // constraint flags, level
    in.unsigned(); // seq_parameter_set_id
    int chromaFormat = 1;
    boolean separateColourPlanes = false;
    if (Arrays.stream(HIGH_PROFILES).anyMatch(p -> p == profile)) {
      chromaFormat = in.unsigned();
      if (chromaFormat == 3) {
        separateColourPlanes = in.bit() == 1;
      }
      in.unsigned(); // bit_depth_luma_minus8
      in.unsigned(); // bit_depth_chroma_minus8
      in.bit(); // qpprime_y_zero_transform_bypass_flag
      if (in.bit() == 1) { // seq_scaling_matrix_present_flag
        for (int i = 0; i < (chromaFormat != 3 ? 8 : 12); i++) {
          if (in.bit() == 1) {
            skipScalingList(in, i < 6 ? 16 : 64);
          }
        }
      }
    }
    in.unsigned(); // log2_max_frame_num_minus4
    int pocType = in.unsigned();
    if (pocType == 0) {
      in.unsigned();
    } else if (pocType == 1) {
      in.bit();
      in.signed();
      in.signed();
      int cycle = in.unsigned();
      for (int i = 0; i < cycle; i++) {
        in.signed();
      }
    }
    in.unsigned(); // max_num_ref_frames
    in.bit(); // gaps_in_frame_num_value_allowed_flag
    int widthInMbs = in.unsigned() + 1;
    int heightInMapUnits = in.unsigned() + 1;
    int frameMbsOnly = in.bit();
    if (frameMbsOnly == 0) {
      in.bit(); // mb_adaptive_frame_field_flag
    }
    in.bit(); // direct_8x8_inference_flag
    int width = widthInMbs * 16;
    int height = (2 - frameMbsOnly) * heightInMapUnits * 16;
    if (in.bit() == 1) { // frame_cropping_flag
      int chromaArrayType = separateColourPlanes ? 0 : chromaFormat;
      int subWidth = chromaArrayType == 1 || chromaArrayType == 2 ? 2 : 1;
      int subHeight = chromaArrayType == 1 ? 2 : 1;
      int cropX = chromaArrayType == 0 ? 1 : subWidth;
      int cropY = (2 - frameMbsOnly) * (chromaArrayType == 0 ? 1 : subHeight);
      width -= cropX * (in.unsigned() + in.unsigned());
      height -= cropY * (in.unsigned() + in.unsigned());
    }
    if (width <= 0 || height <= 0) {
      throw new IllegalArgumentException("a sequence parameter set with no picture");
    }
    return new int[] {width, height};
  }

  private static void skipScalingList(BitReader in, int size) {
    int last = 8;
    int next = 8;
    for (int j = 0; j < size; j++) {
      if (next != 0) {
        next = (last + in.signed() + 256) % 256;
      }
      last = next == 0 ? last : next;
    }
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof AvcConfig that && Arrays.equals(record, that.record);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(record);
  }

  @Override
  public String toString() {
    return codecs() + " " + width + "x" + height;
  }
}
