package io.streamcluster.media.it;

import static org.awaitility.Awaitility.await;

import io.streamcluster.media.testing.Ffmpeg;
import java.time.Duration;

/**
 * A real player (ffprobe, one line per video packet) watching a stream while something else goes
 * on, to show that it keeps receiving: {@link #assertStillReceiving()} waits for new packets.
 */
final class WatchingPlayer implements AutoCloseable {

  private final Ffmpeg.Running probe;

  private WatchingPlayer(Ffmpeg.Running probe) {
    this.probe = probe;
  }

  /** Starts playing {@code url} and waits until the first packets arrive. */
  static WatchingPlayer watch(String url) {
    WatchingPlayer player = new WatchingPlayer(Ffmpeg.videoReader(url, "packet=pts_time"));
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> player.packets() >= 25 || !player.probe.isAlive());
    player.assertAlive();
    return player;
  }

  long packets() {
    return probe.printed().lines().filter(line -> line.matches("[0-9.]+,?")).count();
  }

  /** Asserts that the player is still connected and receives at least another second of video. */
  void assertStillReceiving() {
    assertAlive();
    long before = packets();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> packets() >= before + 25 || !probe.isAlive());
    assertAlive();
  }

  private void assertAlive() {
    if (!probe.isAlive()) {
      throw new AssertionError("the watching player stopped:\n" + probe.printed());
    }
  }

  @Override
  public void close() throws Exception {
    probe.close();
  }
}
