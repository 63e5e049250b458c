package io.streamcluster.media.testing;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A real player on the host: ffprobe decoding the video of an RTMP or HTTP-FLV URL and printing one
 * line per decoded frame, so a test counts frames it actually received, not just a connect.
 */
public final class Player {

  /** What a player decoded: frames of the given size, and how long the first one took. */
  public record Playback(String url, List<String> frames, Duration firstFrame, String printed) {
    public long framesOfSize(int width, int height) {
      String size = width + "," + height;
      return frames.stream().filter(size::equals).count();
    }
  }

  private Player() {}

  /**
   * Plays {@code url} until {@code frames} video frames were decoded or {@code timeout} passed, and
   * returns what was decoded.
   */
  public static Playback play(String url, int frames, Duration timeout) throws Exception {
    return play(url, frames, timeout, List.of());
  }

  /** As {@link #play(String, int, Duration)}, with options for the input's protocol (TLS). */
  public static Playback play(
      String url, int frames, Duration timeout, List<String> protocolOptions) throws Exception {
    Instant start = Instant.now();
    Instant deadline = start.plus(timeout);
    Duration firstFrame = null;
    try (Ffmpeg.Running probe = Ffmpeg.videoReader(url, "frame=width,height", protocolOptions)) {
      List<String> decoded = List.of();
      while (Instant.now().isBefore(deadline)) {
        decoded =
            probe
                .printed()
                .lines()
                .map(String::strip)
                .filter(line -> line.matches("\\d+,\\d+"))
                .toList();
        if (firstFrame == null && !decoded.isEmpty()) {
          firstFrame = Duration.between(start, Instant.now());
        }
        if (decoded.size() >= frames || !probe.isAlive()) {
          break;
        }
        Thread.sleep(100);
      }
      return new Playback(url, decoded, firstFrame, probe.printed());
    }
  }
}
