package io.streamcluster.media.edge;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.streamcluster.media.MediaLimits;
import io.streamcluster.media.fuzz.FuzzedChannel;
import io.streamcluster.media.limits.PeerAdmission;
import io.streamcluster.media.rtmp.RtmpChunkDecoder;
import io.streamcluster.media.rtmp.RtmpChunks;
import io.streamcluster.media.rtmp.RtmpCommand;
import io.streamcluster.media.rtmp.RtmpHandshakeCompleted;
import io.streamcluster.media.rtmp.RtmpMessageType;
import io.streamcluster.media.rtmp.RtmpStatus;
import io.streamcluster.media.stream.StreamListener;
import io.streamcluster.media.stream.StreamRegistry;
import java.time.Duration;
import java.util.Map;

/**
 * What an edge reads from an origin once it plays a stream, on any bytes: the chunk decoder and the
 * pull handler, which hands audio, video, metadata and aggregates (FLV tags inside one message) to
 * the local stream and its GOP cache. No exception escapes, memory stays bounded, nothing leaks.
 */
class UpstreamPullFuzzTest {

  private static final MediaLimits LIMITS = MediaLimits.builder().maxMessageSize(64 << 10).build();

  /** Two messages under way, the GOP cache, and one piece of input. */
  private static final long MAX_HELD = LIMITS.admittedBufferBytes() + (1 << 20) + 4096;

  @FuzzTest(maxDuration = "10s")
  void readsWhatTheOriginSends(byte[] input) {
    StreamRegistry registry = new StreamRegistry(1 << 20, Duration.ZERO, StreamListener.NONE);
    try (FuzzedChannel origin =
        new FuzzedChannel(
            MAX_HELD,
            new RtmpChunkDecoder(LIMITS),
            new UpstreamPullHandler(registry, new FixedUpstream(), new IgnoringListener()))) {
      PeerAdmission.admit(origin.channel());
      startPlaying(origin);
      origin.feed(input);
    }
  }

  /** The origin's side of a play that succeeds, so that what follows is media. */
  private static void startPlaying(FuzzedChannel origin) {
    origin.channel().pipeline().fireUserEventTriggered(RtmpHandshakeCompleted.INSTANCE);
    ByteBufAllocator alloc = origin.channel().alloc();
    send(
        origin,
        RtmpCommand.of(
            "_result", 1, Map.of(), Map.of("level", "status", "code", RtmpStatus.CONNECT_SUCCESS)),
        alloc);
    send(origin, RtmpCommand.of("_result", 2, null, 1.0), alloc);
    send(
        origin,
        RtmpCommand.of(
            "onStatus", 0, null, Map.of("level", "status", "code", RtmpStatus.PLAY_START)),
        alloc);
    origin.channel().releaseOutbound();
  }

  private static void send(FuzzedChannel origin, RtmpCommand command, ByteBufAllocator alloc) {
    var message = command.toMessage(alloc, 3, 1);
    try {
      ByteBuf chunks =
          RtmpChunks.encode(
              alloc,
              3,
              RtmpMessageType.COMMAND_AMF0,
              0,
              1,
              message.payload(),
              RtmpChunks.DEFAULT_CHUNK_SIZE);
      origin.channel().writeInbound(chunks);
      origin.channel().releaseInbound();
    } finally {
      message.release();
    }
  }

  private static final class FixedUpstream implements Upstream {
    @Override
    public OriginAddress origin() {
      return new OriginAddress("127.0.0.1", 1935);
    }

    @Override
    public String stream() {
      return "cam";
    }

    @Override
    public void close() {}
  }

  private static final class IgnoringListener implements UpstreamListener {
    @Override
    public void started(Upstream upstream) {}

    @Override
    public void ended(Upstream upstream, UpstreamEnd end) {}
  }
}
