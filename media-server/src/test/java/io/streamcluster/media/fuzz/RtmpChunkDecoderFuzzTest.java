package io.streamcluster.media.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.streamcluster.media.MediaLimits;
import io.streamcluster.media.limits.PeerAdmission;
import io.streamcluster.media.rtmp.RtmpChunkDecoder;

/**
 * The chunk decoder on any bytes, as a stranger's connection and as an admitted one: no exception
 * escapes, what it holds stays within the limits (a stranger's unfinished messages within {@link
 * MediaLimits#preAdmissionBytes()}), and nothing leaks.
 */
class RtmpChunkDecoderFuzzTest {

  private static final MediaLimits LIMITS =
      MediaLimits.builder().maxMessageSize(64 << 10).maxChunkStreams(16).build();

  /** Reassembly within the budget, plus one piece of input and acknowledgements not yet read. */
  private static long maxHeld(boolean admitted) {
    long budget = admitted ? LIMITS.admittedBufferBytes() : LIMITS.preAdmissionBytes();
    return budget + 2 * 128 + 1024;
  }

  @FuzzTest(maxDuration = "10s")
  void decodesChunks(byte[] input) {
    boolean admitted = FuzzedChannel.admitted(input);
    try (FuzzedChannel channel =
        new FuzzedChannel(maxHeld(admitted), new RtmpChunkDecoder(LIMITS))) {
      if (admitted) {
        PeerAdmission.admit(channel.channel());
      }
      channel.feed(input);
    }
  }
}
