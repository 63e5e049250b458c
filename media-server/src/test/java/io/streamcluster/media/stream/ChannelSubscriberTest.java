package io.streamcluster.media.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.streamcluster.media.flv.FlvTagFormat;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ChannelSubscriberTest {

  private final EmbeddedChannel channel = new EmbeddedChannel();
  private final AtomicInteger skipped = new AtomicInteger();
  private final AtomicInteger dropped = new AtomicInteger();
  private final PlaybackCounters counters =
      new PlaybackCounters() {
        @Override
        public void bytesOut(long bytes) {}

        @Override
        public void framesSkipped(int frames) {
          skipped.addAndGet(frames);
        }

        @Override
        public void slowSubscriberDropped() {
          dropped.incrementAndGet();
        }
      };

  @AfterEach
  void close() {
    channel.finishAndReleaseAll();
  }

  @Test
  void aPlayerThatFallsBehindSkipsToTheNextKeyframeWithTheNewestHeaders() {
    TestPlayer player = new TestPlayer(Duration.ofSeconds(30));
    player.onAttached(true, new ArrayList<>(List.of(Frames.videoHeader(0), Frames.keyframe(0))));
    assertThat(readTimestamps()).containsExactly(0L, 0L);

    setWritable(false);
    deliver(player, Frames.interframe(40), Frames.videoHeader(80), Frames.interframe(120));
    setWritable(true);
    deliver(player, Frames.interframe(160), Frames.keyframe(200), Frames.interframe(240));

    // The new header travels with the keyframe; the frames between are skipped.
    assertThat(readTimestamps()).containsExactly(80L, 200L, 240L);
    assertThat(skipped.get()).isEqualTo(3);
    assertThat(channel.isOpen()).isTrue();
  }

  @Test
  void aPlayerThatKeepsUpGetsTheWholeBatchAsOneWrite() {
    TestPlayer player = new TestPlayer(Duration.ofSeconds(30));
    player.onAttached(true, new ArrayList<>(List.of(Frames.videoHeader(0), Frames.keyframe(0))));
    readTimestamps();

    FrameBatch batch =
        new FrameBatch(List.of(Frames.interframe(40), Frames.audio(45), Frames.interframe(80)));
    player.onFrames(batch);
    batch.release();

    ByteBuf written = channel.readOutbound();
    try {
      List<Long> timestamps = new ArrayList<>();
      while (written.isReadable()) {
        timestamps.add((long) written.getUnsignedMedium(written.readerIndex() + 4));
        written.skipBytes(11 + written.getUnsignedMedium(written.readerIndex() + 1) + 4);
      }
      assertThat(timestamps).containsExactly(40L, 45L, 80L);
    } finally {
      written.release();
    }
    assertThat((Object) channel.readOutbound()).isNull();
  }

  @Test
  void aPlayerThatStaysBehindTooLongIsDisconnected() throws Exception {
    TestPlayer player = new TestPlayer(Duration.ofMillis(20));
    player.onAttached(true, new ArrayList<>(List.of(Frames.keyframe(0))));
    readTimestamps();

    setWritable(false);
    deliver(player, Frames.interframe(40));
    Thread.sleep(40);
    deliver(player, Frames.interframe(80));

    assertThat(dropped.get()).isEqualTo(1);
    assertThat(channel.isOpen()).isFalse();
  }

  @Test
  void aPlayerThatNeverGetsAStreamIsToldSo() {
    TestPlayer player = new TestPlayer(Duration.ofSeconds(30));
    player.onAttached(false, new ArrayList<>());

    channel.advanceTimeBy(11, java.util.concurrent.TimeUnit.SECONDS);
    channel.runScheduledPendingTasks();

    assertThat(player.notFound).isTrue();
  }

  /** One frame per batch, so the timestamps read back map to the frames delivered. */
  private void deliver(TestPlayer player, MediaFrame... frames) {
    for (MediaFrame frame : frames) {
      FrameBatch batch = new FrameBatch(List.of(frame));
      player.onFrames(batch);
      batch.release();
    }
  }

  private void setWritable(boolean writable) {
    channel.unsafe().outboundBuffer().setUserDefinedWritability(1, writable);
  }

  /** Timestamps of the FLV tags written so far. */
  private List<Long> readTimestamps() {
    List<Long> timestamps = new ArrayList<>();
    for (ByteBuf tag; (tag = channel.readOutbound()) != null; ) {
      timestamps.add((long) tag.getUnsignedMedium(4) | ((long) tag.getUnsignedByte(7) << 24));
      tag.release();
    }
    return timestamps;
  }

  private final class TestPlayer extends ChannelSubscriber {
    boolean notFound;

    TestPlayer(Duration slowTimeout) {
      super(
          ChannelSubscriberTest.this.channel,
          FlvTagFormat.INSTANCE,
          counters,
          slowTimeout,
          Duration.ofSeconds(10));
    }

    @Override
    protected void startPlayback() {}

    @Override
    protected void streamNotFound() {
      notFound = true;
    }
  }
}
