package io.streamcluster.media.hls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AacConfigTest {

  @Test
  void readsObjectTypeRateAndChannels() {
    AacConfig config = AacConfig.parse(CodecVectors.AAC_44100_STEREO);

    assertThat(config.objectType()).isEqualTo(2);
    assertThat(config.sampleRate()).isEqualTo(44100);
    assertThat(config.channels()).isEqualTo(2);
    assertThat(config.codecs()).isEqualTo("mp4a.40.2");
  }

  @Test
  void readsAnExplicitSamplingRate() {
    // 5 bits object type 2, 4 bits index 15 (explicit), 24 bits 22050, 4 bits one channel
    long bits = (2L << 32) | (15L << 28) | (22050L << 4) | 1L;

    AacConfig parsed = AacConfig.parse(shiftedLeft(bits, 37));

    assertThat(parsed.sampleRate()).isEqualTo(22050);
    assertThat(parsed.channels()).isEqualTo(1);
  }

  @Test
  void refusesAReservedRateIndex() {
    assertThatThrownBy(() -> AacConfig.parse(new byte[] {0x16, (byte) 0x90}))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /** The low {@code bitCount} bits of {@code bits}, left-aligned in whole bytes. */
  private static byte[] shiftedLeft(long bits, int bitCount) {
    int bytes = (bitCount + 7) / 8;
    long aligned = bits << (bytes * 8 - bitCount);
    byte[] out = new byte[bytes];
    for (int i = 0; i < bytes; i++) {
      out[i] = (byte) (aligned >> (8 * (bytes - 1 - i)));
    }
    return out;
  }
}
