package io.streamcluster.media.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.streamcluster.media.rtmp.RtmpClientHandshakeHandler;
import io.streamcluster.media.rtmp.RtmpHandshakeHandler;
import java.time.Duration;

/** The RTMP handshake, both sides, on any bytes: no exception, bounded memory, no leak. */
class RtmpHandshakeFuzzTest {

  /** C0, C1 and C2 plus the answer S0 S1 S2, and what the peer may add before the next read. */
  private static final long MAX_HELD = 4 * 1537 + 256;

  @FuzzTest(maxDuration = "10s")
  void handshakes(byte[] input) {
    boolean server = !FuzzedChannel.admitted(input);
    try (FuzzedChannel channel =
        new FuzzedChannel(
            MAX_HELD,
            server
                ? new RtmpHandshakeHandler(Duration.ofSeconds(10))
                : new RtmpClientHandshakeHandler(Duration.ofSeconds(10)))) {
      channel.feed(input);
    }
  }
}
