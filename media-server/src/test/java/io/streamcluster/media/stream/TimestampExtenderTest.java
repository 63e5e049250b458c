package io.streamcluster.media.stream;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TimestampExtenderTest {

  private final TimestampExtender extender = new TimestampExtender();

  @Test
  void timestampsKeepCountingPastTheThirtyTwoBitWrap() {
    assertThat(extender.extend(0xFFFF_FF00L)).isEqualTo(0xFFFF_FF00L);
    assertThat(extender.extend(0x10L)).isEqualTo((1L << 32) + 0x10);
    assertThat(extender.extend(0x2000L)).isEqualTo((1L << 32) + 0x2000);
  }

  @Test
  void aMessageSlightlyBehindAcrossTheWrapStaysBehind() {
    extender.extend(0xFFFF_FFF0L);
    extender.extend(0x05L);
    assertThat(extender.extend(0xFFFF_FFF8L)).isEqualTo(0xFFFF_FFF8L);
    assertThat(extender.extend(0x20L)).isEqualTo((1L << 32) + 0x20);
  }

  @Test
  void smallBackwardStepsAreNotWraps() {
    extender.extend(1000);
    assertThat(extender.extend(990)).isEqualTo(990);
  }
}
