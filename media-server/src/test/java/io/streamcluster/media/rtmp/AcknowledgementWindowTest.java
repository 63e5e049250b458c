package io.streamcluster.media.rtmp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AcknowledgementWindowTest {

  private final AcknowledgementWindow window = new AcknowledgementWindow();

  @Test
  void acknowledgesNothingBeforeThePeerSetsAWindow() {
    window.received(10_000_000);

    assertThat(window.due()).isEqualTo(-1);
  }

  @Test
  void acknowledgesAllBytesReceivedEachTimeTheWindowFills() {
    window.resize(1000);
    window.received(600);
    assertThat(window.due()).isEqualTo(-1);
    window.received(700);
    assertThat(window.due()).isEqualTo(1300);
    assertThat(window.due()).isEqualTo(-1);
    window.received(999);
    assertThat(window.due()).isEqualTo(-1);
    window.received(1);
    assertThat(window.due()).isEqualTo(2300);
  }

  @Test
  void theSequenceNumberWrapsAt2To32() {
    window.resize(1 << 30);
    window.received(0x1_0000_0010L);

    assertThat(window.due()).isEqualTo(0x10);
  }
}
