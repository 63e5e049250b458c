package io.streamcluster.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class MediaLimitsTest {

  @Test
  void theBuilderChangesOnlyWhatIsSetAndStartsAtTheDefaults() {
    MediaLimits limits =
        MediaLimits.builder()
            .subscriberQueueBytes(1 << 20)
            .slowSubscriberTimeout(Duration.ofSeconds(3))
            .build();

    assertThat(limits.subscriberQueueBytes()).isEqualTo(1 << 20);
    assertThat(limits.slowSubscriberTimeout()).isEqualTo(Duration.ofSeconds(3));
    assertThat(limits)
        .usingRecursiveComparison()
        .ignoringFields("subscriberQueueBytes", "slowSubscriberTimeout")
        .isEqualTo(MediaLimits.DEFAULTS);
  }

  @Test
  void toBuilderKeepsEveryBound() {
    MediaLimits limits =
        MediaLimits.builder()
            .maxIncomingChunkSize(4096)
            .maxMessageSize(1 << 20)
            .maxChunkStreams(8)
            .outboundChunkSize(128)
            .handshakeTimeout(Duration.ofSeconds(1))
            .subscriberQueueBytes(1024)
            .slowSubscriberTimeout(Duration.ofSeconds(2))
            .streamWaitTimeout(Duration.ofSeconds(3))
            .gopCacheMaxBytes(2048)
            .build();

    assertThat(limits.toBuilder().build()).isEqualTo(limits);
  }

  @Test
  void aBoundOutOfRangeIsRefusedWithItsName() {
    assertThatThrownBy(() -> MediaLimits.builder().outboundChunkSize(64).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("outboundChunkSize");
  }
}
