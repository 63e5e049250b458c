package io.streamcluster.media.edge;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.embedded.EmbeddedChannel;
import io.streamcluster.media.stream.RecordingPlayer;
import io.streamcluster.media.stream.StreamListener;
import io.streamcluster.media.stream.StreamRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** On-demand pulling, grace, reconnects and failover, on a clock the test moves. */
class EdgePullerTest {

  private static final OriginAddress A = new OriginAddress("origin-a", 1935);
  private static final OriginAddress B = new OriginAddress("origin-b", 1935);

  private final EmbeddedChannel loop = new EmbeddedChannel();
  private final StreamRegistry registry =
      new StreamRegistry(1 << 20, Duration.ZERO, StreamListener.NONE);
  private final FakeConnector connector = new FakeConnector();
  private final EdgePuller puller =
      new EdgePuller(
          registry,
          UpstreamOrigins.fixed(List.of(A, B)),
          connector,
          EdgePullConfig.DEFAULTS, // 5 s grace, 100 ms doubling to 5 s, ±20 %
          loop.eventLoop(),
          () -> 0.5);

  EdgePullerTest() {
    loop.freezeTime();
    registry.addListener(puller);
  }

  @AfterEach
  void close() {
    puller.close();
    loop.finishAndReleaseAll();
  }

  @Test
  void theFirstPlayerStartsOneUpstreamThatLaterPlayersShare() {
    RecordingPlayer first = join("cam");
    RecordingPlayer second = join("cam");
    RecordingPlayer third = join("cam");

    assertThat(connector.opened).hasSize(1);
    assertThat(connector.last().origin()).isEqualTo(A);
    connector.last().plays();
    run();
    assertThat(puller.activeUpstreams()).isEqualTo(1);
    assertThat(puller.pullCount()).isEqualTo(1);

    leave(first, second, third);
  }

  @Test
  void eachStreamHasItsOwnUpstream() {
    RecordingPlayer cam = join("cam");
    RecordingPlayer stage = join("stage");

    assertThat(connector.opened).extracting(Upstream::stream).containsExactly("cam", "stage");
    leave(cam, stage);
  }

  @Test
  void theUpstreamIsLetGoOnlyAfterTheGracePeriodWithoutPlayers() {
    RecordingPlayer player = join("cam");
    FakeConnector.FakeUpstream upstream = connector.last();
    upstream.plays();
    run();

    leave(player);
    advance(Duration.ofMillis(4_900));
    assertThat(upstream.closed).isFalse();

    advance(Duration.ofMillis(200));
    assertThat(upstream.closed).isTrue();
    assertThat(puller.activeUpstreams()).isZero();
    assertThat(puller.pullCount()).isZero();
  }

  @Test
  void aPlayerReturningWithinTheGraceKeepsTheUpstream() {
    RecordingPlayer player = join("cam");
    FakeConnector.FakeUpstream upstream = connector.last();
    upstream.plays();
    run();

    leave(player);
    advance(Duration.ofSeconds(3));
    RecordingPlayer back = join("cam");
    advance(Duration.ofSeconds(10));

    assertThat(upstream.closed).isFalse();
    assertThat(connector.opened).hasSize(1);
    leave(back);
  }

  @Test
  void aPlayerAfterTheGraceStartsAFreshUpstream() {
    RecordingPlayer player = join("cam");
    connector.last().plays();
    run();
    leave(player);
    advance(Duration.ofSeconds(6));

    RecordingPlayer next = join("cam");

    assertThat(connector.opened).hasSize(2);
    assertThat(connector.last().closed).isFalse();
    leave(next);
  }

  @Test
  void aDroppedUpstreamIsReconnectedAfterABackoffThatGrowsUntilAnOriginPlays() {
    RecordingPlayer player = join("cam");
    connector.last().plays();
    run();

    connector.last().ends(UpstreamEnd.Reason.LOST);
    run();
    assertThat(connector.opened).hasSize(1);
    advance(Duration.ofMillis(99));
    assertThat(connector.opened).hasSize(1);
    advance(Duration.ofMillis(1));
    assertThat(connector.opened).hasSize(2);
    assertThat(connector.last().origin())
        .as("the origin that played it is tried first")
        .isEqualTo(A);

    // Both origins unreachable: the whole round fails and the next one waits twice as long.
    connector.last().ends(UpstreamEnd.Reason.UNREACHABLE);
    run();
    assertThat(connector.last().origin()).isEqualTo(B);
    connector.last().ends(UpstreamEnd.Reason.UNREACHABLE);
    run();
    advance(Duration.ofMillis(199));
    assertThat(connector.opened).hasSize(3);
    advance(Duration.ofMillis(1));
    assertThat(connector.opened).hasSize(4);

    connector.last().plays();
    run();
    assertThat(puller.activeUpstreams()).isEqualTo(1);
    assertThat(puller.reconnects()).isEqualTo(2);
    assertThat(puller.failovers()).isZero();
    leave(player);
  }

  @Test
  void whenItsOriginIsGoneThePullMovesToAnotherOriginThatHasTheStream() {
    RecordingPlayer player = join("cam");
    connector.last().plays();
    run();

    connector.last().ends(UpstreamEnd.Reason.LOST);
    advance(Duration.ofMillis(100));
    connector.last().ends(UpstreamEnd.Reason.UNREACHABLE);
    run();
    FakeConnector.FakeUpstream fromB = connector.last();
    assertThat(fromB.origin()).isEqualTo(B);
    fromB.plays();
    run();

    assertThat(puller.failovers()).isEqualTo(1);
    assertThat(puller.activeUpstreams()).isEqualTo(1);
    leave(player);
  }

  @Test
  void anOriginWithoutTheStreamIsPassedOverForTheNext() {
    RecordingPlayer player = join("cam");

    connector.last().ends(UpstreamEnd.Reason.NOT_FOUND);
    run();

    assertThat(connector.opened).extracting(Upstream::origin).containsExactly(A, B);
    connector.last().plays();
    run();
    assertThat(puller.failovers()).as("nothing had played before").isZero();
    leave(player);
  }

  @Test
  void aStreamNoOriginHasIsRetriedOnlyWhilePlayersWait() {
    RecordingPlayer player = join("cam");
    for (int round = 0; round < 3; round++) {
      connector.last().ends(UpstreamEnd.Reason.NOT_FOUND);
      run();
      connector.last().ends(UpstreamEnd.Reason.NOT_FOUND);
      advance(Duration.ofSeconds(1));
    }
    int attempts = connector.opened.size();
    assertThat(attempts).isGreaterThanOrEqualTo(6);

    leave(player);
    advance(Duration.ofSeconds(5));
    int afterGrace = connector.opened.size();
    connector.opened.forEach(u -> u.ends(UpstreamEnd.Reason.NOT_FOUND));
    advance(Duration.ofSeconds(30));

    assertThat(connector.opened).hasSize(afterGrace);
    assertThat(puller.pullCount()).isZero();
  }

  @Test
  void closingThePullerLetsEveryUpstreamGo() {
    RecordingPlayer cam = join("cam");
    RecordingPlayer stage = join("stage");
    connector.opened.forEach(FakeConnector.FakeUpstream::plays);
    run();

    puller.close();

    assertThat(connector.opened).allSatisfy(u -> assertThat(u.closed).isTrue());
    assertThat(puller.activeUpstreams()).isZero();
    leave(cam, stage);
  }

  private RecordingPlayer join(String stream) {
    RecordingPlayer player = new RecordingPlayer(loop.eventLoop()).join(registry, stream);
    run();
    return player;
  }

  private void leave(RecordingPlayer... players) {
    for (RecordingPlayer player : players) {
      player.leave();
    }
    run();
  }

  private void run() {
    loop.runPendingTasks();
  }

  private void advance(Duration duration) {
    loop.runPendingTasks();
    loop.advanceTimeBy(duration.toNanos(), TimeUnit.NANOSECONDS);
    loop.runPendingTasks();
    loop.runScheduledPendingTasks();
    loop.runPendingTasks();
  }
}
