package io.streamcluster.media.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.channel.embedded.EmbeddedChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LiveStreamTest {

  private final EmbeddedChannel loop = new EmbeddedChannel();
  private final List<String> removed = new ArrayList<>();
  private final StreamRegistry registry =
      new StreamRegistry(
          1 << 20,
          Duration.ZERO,
          new StreamListener() {
            @Override
            public void streamRemoved(LiveStream stream) {
              removed.add(stream.name());
            }
          });

  @AfterEach
  void close() {
    loop.finishAndReleaseAll();
  }

  @Test
  void aLatePlayerGetsTheCachedStartThenEveryLiveFrameExactlyOnce() throws Exception {
    Publication publication = registry.publish("cam", loop.eventLoop(), "test");
    publish(publication, Frames.videoHeader(0), Frames.keyframe(0), Frames.interframe(40));

    RecordingPlayer player = new RecordingPlayer(loop.eventLoop()).join(registry, "cam");
    publish(publication, Frames.interframe(80));
    loop.runPendingTasks();
    publish(publication, Frames.keyframe(120));
    loop.runPendingTasks();

    assertThat(player.events)
        .containsExactly(
            "attached live",
            "VIDEO@0 header",
            "VIDEO@0 key",
            "VIDEO@40",
            "VIDEO@80",
            "VIDEO@120 key");
    publication.close();
    player.leave();
    loop.runPendingTasks();
  }

  @Test
  void aSecondPublisherOfALiveNameIsRefused() throws Exception {
    Publication first = registry.publish("cam", loop.eventLoop(), "first publisher");

    assertThatThrownBy(() -> registry.publish("cam", loop.eventLoop(), "second"))
        .isInstanceOf(StreamBusyException.class)
        .hasMessageContaining("already being published by first publisher");
    first.close();
  }

  @Test
  void aPublisherThatReturnsResumesForPlayersStillAttachedWithAContinuousClock() throws Exception {
    Publication first = registry.publish("cam", loop.eventLoop(), "first");
    RecordingPlayer player = new RecordingPlayer(loop.eventLoop()).join(registry, "cam");
    publish(first, Frames.videoHeader(0), Frames.keyframe(0), Frames.interframe(5000));
    first.close();

    Publication second = registry.publish("cam", loop.eventLoop(), "second");
    publish(second, Frames.videoHeader(0), Frames.keyframe(0));
    loop.runPendingTasks();

    assertThat(player.events)
        .containsExactly(
            "attached live",
            "VIDEO@0 header",
            "VIDEO@0 key",
            "VIDEO@5000",
            "unpublished",
            "published",
            "VIDEO@5040 header",
            "VIDEO@5040 key");
    second.close();
    player.leave();
    loop.runPendingTasks();
  }

  @Test
  void aPlayerOfAStreamWithNoSourceWaitsAndIsToldWhenOneArrives() throws Exception {
    RecordingPlayer player = new RecordingPlayer(loop.eventLoop()).join(registry, "later");
    loop.runPendingTasks();
    assertThat(player.events).containsExactly("attached waiting");

    Publication publication = registry.publish("later", loop.eventLoop(), "test");
    publish(publication, Frames.keyframe(0));
    loop.runPendingTasks();
    assertThat(player.events).containsExactly("attached waiting", "published", "VIDEO@0 key");
    publication.close();
    player.leave();
    loop.runPendingTasks();
  }

  @Test
  void aStreamIsForgottenWhenItHasNeitherSourceNorPlayers() throws Exception {
    Publication publication = registry.publish("cam", loop.eventLoop(), "test");
    RecordingPlayer player = new RecordingPlayer(loop.eventLoop()).join(registry, "cam");
    publication.close();
    assertThat(registry.find("cam")).isPresent();

    player.leave();
    loop.runPendingTasks();
    loop.runPendingTasks();
    assertThat(registry.find("cam")).isEmpty();
    assertThat(removed).containsExactly("cam");
    assertThat(registry.subscriberCount()).isZero();
  }

  private void publish(Publication publication, MediaFrame... frames) {
    for (MediaFrame frame : frames) {
      publication.onMedia(frame.kind(), frame.timestamp(), frame.payload().retain());
      frame.release();
    }
    publication.flush();
  }
}
