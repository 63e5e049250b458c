package io.streamcluster.media.stream;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class VideoTagHeaderTest {

  @Test
  void anAvcKeyframeCarriesAPictureAndItsSequenceHeaderDoesNot() {
    assertThat(VideoTagHeader.isCodedKeyframe(0x17, 1)).isTrue();
    assertThat(VideoTagHeader.isCodedKeyframe(0x17, 0)).isFalse();
    assertThat(VideoTagHeader.isSequenceHeader(0x17, 0)).isTrue();
    assertThat(VideoTagHeader.isKeyframe(0x17)).isTrue();
  }

  @Test
  void anInterFrameIsNoKeyframe() {
    assertThat(VideoTagHeader.isKeyframe(0x27)).isFalse();
    assertThat(VideoTagHeader.isCodedKeyframe(0x27, 1)).isFalse();
  }

  @Test
  void aCodecWithoutAPacketTypeHasNoSequenceHeader() {
    // Sorenson H.263 (codec 2): the second byte is picture data.
    assertThat(VideoTagHeader.isCodedKeyframe(0x12, 0)).isTrue();
  }

  @Test
  void enhancedRtmpPutsThePacketTypeInTheLowNibble() {
    // 0x80 | frame type 1 << 4 | packet type: 0 sequence start, 1 coded frames
    assertThat(VideoTagHeader.isCodedKeyframe(0x90, 'h')).isFalse();
    assertThat(VideoTagHeader.isSequenceHeader(0x90, 'h')).isTrue();
    assertThat(VideoTagHeader.isCodedKeyframe(0x91, 'h')).isTrue();
    assertThat(VideoTagHeader.isCodedKeyframe(0xA1, 'h')).isFalse();
  }
}
