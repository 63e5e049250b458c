package io.streamcluster.media.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.concurrent.DefaultEventExecutor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What streams together may hold, and whom a waiting stream's name is kept for. */
class StreamBoundsTest {

  private final EmbeddedChannel loop = new EmbeddedChannel();
  private final GopBudget budget = new GopBudget(1000);
  private final StreamRegistry registry =
      new StreamRegistry(
          1 << 20, budget, 2, Duration.ofSeconds(10), Duration.ZERO, StreamListener.NONE);

  @AfterEach
  void close() {
    loop.finishAndReleaseAll();
  }

  @Test
  void aNameWhosePublisherDroppedWhilePlayersWaitIsKeptForTheSameIdentity() throws Exception {
    RecordingPlayer player = new RecordingPlayer(loop.eventLoop()).join(registry, "cam");
    registry.publish("cam", loop.eventLoop(), "first", "subject:studio-a").close();

    assertThatThrownBy(
            () -> registry.publish("cam", loop.eventLoop(), "stranger", "subject:studio-b"))
        .isInstanceOfSatisfying(
            StreamBusyException.class, e -> assertThat(e.refusal()).isEqualTo("stream_reserved"))
        .hasMessageContaining("kept for its publisher");
    Publication back = registry.publish("cam", loop.eventLoop(), "again", "subject:studio-a");

    assertThat(back.identity()).isEqualTo("subject:studio-a");
    back.close();
    player.leave();
    loop.runPendingTasks();
  }

  @Test
  void withoutWaitingPlayersANameIsFreeAsSoonAsItsPublisherLeaves() throws Exception {
    registry.publish("cam", loop.eventLoop(), "first", "address:10.0.0.1").close();

    registry.publish("cam", loop.eventLoop(), "other", "address:10.0.0.2").close();
    loop.runPendingTasks();
  }

  @Test
  void newNamesBeyondTheStreamLimitAreRefused() throws Exception {
    Publication a = registry.publish("a", loop.eventLoop(), "a");
    RecordingPlayer b = new RecordingPlayer(loop.eventLoop()).join(registry, "b");

    assertThatThrownBy(() -> registry.publish("c", loop.eventLoop(), "c"))
        .isInstanceOf(StreamLimitException.class);
    assertThatThrownBy(() -> new RecordingPlayer(loop.eventLoop()).join(registry, "c"))
        .isInstanceOf(StreamLimitException.class);
    a.close();
    b.leave();
    loop.runPendingTasks();
  }

  @Test
  void gopCachesTogetherStayWithinTheirBudgetAndGiveItBackWhenCleared() throws Exception {
    Publication one = registry.publish("one", loop.eventLoop(), "one");
    Publication two = registry.publish("two", loop.eventLoop(), "two");
    publish(one, Frames.keyframe(0), Frames.interframe(40));
    long afterOne = budget.usedBytes();
    publish(two, Frames.keyframe(0));
    for (int t = 1; t < 500; t++) {
      publish(two, Frames.interframe(t * 40));
    }

    assertThat(afterOne).isPositive();
    assertThat(budget.usedBytes()).isLessThanOrEqualTo(budget.maxBytes());
    one.close();
    two.close();
    loop.runPendingTasks();
    assertThat(budget.usedBytes()).isZero();
  }

  @Test
  void playersArrivingAtOnceOnManyThreadsNeverOverfillTheServer() throws Exception {
    StreamRegistry open = new StreamRegistry(1 << 20, Duration.ZERO, StreamListener.NONE);
    int cap = 100;
    int threads = 8;
    int perThread = 50;
    DefaultEventExecutor executor = new DefaultEventExecutor();
    ExecutorService arrivals = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<Integer>> admittedPerThread = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        admittedPerThread.add(
            arrivals.submit(
                () -> {
                  start.await();
                  int admitted = 0;
                  for (int i = 0; i < perThread; i++) {
                    Optional<LiveStream> joined =
                        open.subscribeIfAdmitted(
                            "launch",
                            new RecordingPlayer(executor),
                            () -> open.subscriberCount() < cap);
                    admitted += joined.isPresent() ? 1 : 0;
                  }
                  return admitted;
                }));
      }
      start.countDown();
      int admitted = 0;
      for (Future<Integer> f : admittedPerThread) {
        admitted += f.get(10, TimeUnit.SECONDS);
      }

      assertThat(admitted).as("players admitted of %d", threads * perThread).isEqualTo(cap);
      assertThat(open.subscriberCount()).isEqualTo(cap);
    } finally {
      arrivals.shutdownNow();
      executor.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }
  }

  private void publish(Publication publication, MediaFrame... frames) {
    for (MediaFrame frame : frames) {
      publication.onMedia(frame.kind(), frame.timestamp(), frame.payload().retain());
      frame.release();
    }
    publication.flush();
    loop.runPendingTasks();
  }
}
