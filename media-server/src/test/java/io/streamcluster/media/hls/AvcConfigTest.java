package io.streamcluster.media.hls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AvcConfigTest {

  @Test
  void readsTheCroppedPictureSizeAndTheCodecStringOfABaselineStream() {
    AvcConfig config = AvcConfig.parse(CodecVectors.AVC_640X360);

    assertThat(config.width()).isEqualTo(640);
    assertThat(config.height()).isEqualTo(360);
    assertThat(config.codecs()).isEqualTo("avc1.42c01e");
  }

  @Test
  void readsAHighProfileSequenceParameterSetThroughEmulationPreventionBytes() {
    AvcConfig config = AvcConfig.parse(CodecVectors.AVC_1024X768);

    assertThat(config.width()).isEqualTo(1024);
    assertThat(config.height()).isEqualTo(768);
    assertThat(config.codecs()).isEqualTo("avc1.64001f");
  }

  @Test
  void readsAMainProfile1080p() {
    AvcConfig config = AvcConfig.parse(CodecVectors.AVC_1920X1080);

    assertThat(config.width()).isEqualTo(1920);
    assertThat(config.height()).isEqualTo(1080);
  }

  @Test
  void itsParameterSetsGoInBandAsLengthPrefixedNalUnits() {
    byte[] inBand = AvcConfig.parse(CodecVectors.AVC_640X360).parameterSets();

    assertThat(inBand).startsWith(0, 0, 0, 0x19, 0x67); // SPS of 25 bytes
    assertThat(inBand[4 + 0x19 + 4]).as("then the PPS").isEqualTo((byte) 0x68);
    assertThat(inBand).hasSize(4 + 0x19 + 4 + 5);
  }

  @Test
  void configurationsAreEqualByTheirBytes() {
    assertThat(AvcConfig.parse(CodecVectors.AVC_640X360))
        .isEqualTo(AvcConfig.parse(CodecVectors.AVC_640X360.clone()))
        .isNotEqualTo(AvcConfig.parse(CodecVectors.AVC_1024X768));
  }

  @Test
  void refusesWhatIsNotAConfigurationRecord() {
    assertThatThrownBy(() -> AvcConfig.parse(new byte[] {1, 2, 3}))
        .isInstanceOf(IllegalArgumentException.class);
    byte[] truncated = java.util.Arrays.copyOf(CodecVectors.AVC_640X360, 12);
    assertThatThrownBy(() -> AvcConfig.parse(truncated))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
