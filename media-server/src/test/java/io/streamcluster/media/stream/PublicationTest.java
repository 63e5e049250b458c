package io.streamcluster.media.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.embedded.EmbeddedChannel;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PublicationTest {

  private final EmbeddedChannel loop = new EmbeddedChannel();

  @AfterEach
  void close() {
    loop.finishAndReleaseAll();
  }

  @Test
  void theFramesOfOneIntervalLeaveTogetherWhenTheIntervalAfterTheFirstEnds() throws Exception {
    StreamRegistry registry = registry(Duration.ofMillis(20));
    Publication publication = registry.publish("cam", loop.eventLoop(), "test");
    BatchRecorder player = new BatchRecorder(loop).join(registry, "cam");

    publish(publication, Frames.keyframe(0));
    pass(12);
    publish(publication, Frames.audio(12));
    assertThat(player.batches).isEmpty();

    pass(8);
    assertThat(player.batches).containsExactly("VIDEO@0 key, AUDIO@12");

    // The next frame opens the next batch, which waits its own interval.
    publish(publication, Frames.interframe(33));
    pass(19);
    assertThat(player.batches).hasSize(1);
    pass(1);
    assertThat(player.batches).containsExactly("VIDEO@0 key, AUDIO@12", "VIDEO@33");
    publication.close();
  }

  @Test
  void withNoIntervalEachReadIsABatchAtOnce() throws Exception {
    StreamRegistry registry = registry(Duration.ZERO);
    Publication publication = registry.publish("cam", loop.eventLoop(), "test");
    BatchRecorder player = new BatchRecorder(loop).join(registry, "cam");

    publish(publication, Frames.keyframe(0), Frames.audio(12));
    loop.runPendingTasks();
    publish(publication, Frames.interframe(33));
    loop.runPendingTasks();

    assertThat(player.batches).containsExactly("VIDEO@0 key, AUDIO@12", "VIDEO@33");
    publication.close();
  }

  @Test
  void aSourceThatGoesAwayHandsOnWhatItHadAtOnce() throws Exception {
    StreamRegistry registry = registry(Duration.ofMillis(100));
    Publication publication = registry.publish("cam", loop.eventLoop(), "test");
    BatchRecorder player = new BatchRecorder(loop).join(registry, "cam");

    publish(publication, Frames.keyframe(0));
    publication.close();
    loop.runPendingTasks();

    assertThat(player.batches).containsExactly("VIDEO@0 key");
  }

  private static StreamRegistry registry(Duration interval) {
    return new StreamRegistry(1 << 20, interval, StreamListener.NONE);
  }

  /** Lets {@code millis} pass on the loop: what falls due runs, and what that hands on too. */
  private void pass(long millis) {
    loop.advanceTimeBy(millis, TimeUnit.MILLISECONDS);
    loop.runScheduledPendingTasks();
    loop.runPendingTasks();
  }

  private void publish(Publication publication, MediaFrame... frames) {
    for (MediaFrame frame : frames) {
      publication.onMedia(frame.kind(), frame.timestamp(), frame.payload().retain());
      frame.release();
    }
    publication.flush();
    loop.runPendingTasks();
  }

  /** Notes each batch a player gets as its frames, comma-separated. */
  private static final class BatchRecorder implements Subscriber {
    final List<String> batches = new CopyOnWriteArrayList<>();
    private final EmbeddedChannel loop;

    BatchRecorder(EmbeddedChannel loop) {
      this.loop = loop;
    }

    BatchRecorder join(StreamRegistry registry, String name) {
      registry.subscribe(name, this);
      loop.runPendingTasks();
      return this;
    }

    @Override
    public io.netty.util.concurrent.EventExecutor executor() {
      return loop.eventLoop();
    }

    @Override
    public void onAttached(boolean live, List<MediaFrame> startFrames) {
      startFrames.forEach(MediaFrame::release);
    }

    @Override
    public void onFrames(FrameBatch batch) {
      batches.add(
          String.join(
              ", ",
              batch.frames().stream().map(f -> f.toString().replaceAll(" \\d+B$", "")).toList()));
    }

    @Override
    public void onPublished() {}

    @Override
    public void onUnpublished() {}

    @Override
    public void onStreamNotFound() {}
  }
}
