package io.streamcluster.media.hls;

import java.util.Arrays;

/**
 * An AAC AudioSpecificConfig (ISO/IEC 14496-3 1.6.2.1), as an FLV/RTMP AAC sequence header carries
 * it: the object type, sampling rate and channels, and the bytes an MP4 {@code esds} box passes to
 * the decoder.
 *
 * @param config the AudioSpecificConfig bytes
 * @param objectType the audio object type (2 for AAC-LC)
 * @param sampleRate samples per second, the audio track's timescale
 * @param channels the channel configuration (0 when the config defines it elsewhere)
 */
record AacConfig(byte[] config, int objectType, int sampleRate, int channels) {

  /** AAC frames carry this many samples per channel (960-sample frames are not supported). */
  static final int SAMPLES_PER_FRAME = 1024;

  private static final int[] RATES = {
    96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025, 8000, 7350
  };

  static AacConfig parse(byte[] config) {
    if (config.length < 2) {
      throw new IllegalArgumentException("an AudioSpecificConfig needs at least two bytes");
    }
    BitReader in = BitReader.of(config);
    int objectType = in.bits(5);
    if (objectType == 31) {
      objectType = 32 + in.bits(6);
    }
    int rateIndex = in.bits(4);
    int rate;
    if (rateIndex == 15) {
      rate = in.bits(24);
    } else if (rateIndex < RATES.length) {
      rate = RATES[rateIndex];
    } else {
      throw new IllegalArgumentException("a reserved sampling frequency index " + rateIndex);
    }
    if (rate <= 0) {
      throw new IllegalArgumentException("a sampling rate of 0");
    }
    int channels = in.bits(4);
    return new AacConfig(config.clone(), objectType, rate, channels);
  }

  /** RFC 6381 {@code mp4a.40.<object type>}. */
  String codecs() {
    return "mp4a.40." + objectType;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof AacConfig that && Arrays.equals(config, that.config);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(config);
  }

  @Override
  public String toString() {
    return codecs() + " " + sampleRate + " Hz " + channels + " ch";
  }
}
