package io.streamcluster.media.limits;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OutboundLimitTest {

  private final List<String> refusals = new ArrayList<>();

  @Test
  void aPeerWhoseQueuePassesTheBoundIsClosedAndCounted() {
    EmbeddedChannel peer = new EmbeddedChannel(new OutboundLimit(10_000, 50_000, refusals::add));

    for (int i = 0; i < 8; i++) {
      peer.write(Unpooled.wrappedBuffer(new byte[1000])); // queued, never flushed: never read
    }
    assertThat(peer.isOpen()).isTrue();
    peer.write(Unpooled.wrappedBuffer(new byte[2000]));

    assertThat(peer.isOpen()).isFalse();
    assertThat(refusals).containsExactly("outbound_queue");
    peer.finishAndReleaseAll();
  }

  @Test
  void anAdmittedPeerHasTheLargerBound() {
    EmbeddedChannel player = new EmbeddedChannel(new OutboundLimit(10_000, 50_000, refusals::add));
    PeerAdmission.admit(player);

    player.write(Unpooled.wrappedBuffer(new byte[40_000]));

    assertThat(player.isOpen()).isTrue();
    assertThat(refusals).isEmpty();
    player.finishAndReleaseAll();
  }
}
