package io.streamcluster.e2e.scenarios;

import io.streamcluster.media.testing.Command;
import io.streamcluster.media.testing.ExternalTool;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * A player that stays connected until closed, cheaply (ffmpeg copying the stream to nowhere), so
 * that a scenario can hold many subscribers and count the ones that were cut off.
 */
final class LivePlayer implements AutoCloseable {

  private final String url;
  private final String edge;
  private final Process process;
  private final Path output;
  private final Instant started = Instant.now();
  private volatile Instant ended;

  private LivePlayer(String url, String edge, Process process, Path output) {
    this.url = url;
    this.edge = edge;
    this.process = process;
    this.output = output;
    process.onExit().thenRun(() -> ended = Instant.now());
  }

  /**
   * Plays {@code STREAM} from the edge {@code /cluster} handed out ({@code edge}, as host:port),
   * through {@code reachable}, the address at which the host reaches that edge.
   */
  static LivePlayer onEdge(String edge, String reachable, String stream) {
    return playing("rtmp://" + reachable + "/live/" + stream, edge);
  }

  /** Plays an HLS playlist (following the origin's redirect to an edge), as a phone would. */
  static LivePlayer hls(String indexUrl) {
    return playing(indexUrl, null);
  }

  private static LivePlayer playing(String url, String edge) {
    try {
      Path output = Files.createTempFile("e2e-player-", ".out");
      Process process =
          new ProcessBuilder(
                  List.of(
                      ExternalTool.require("ffmpeg", "apt-get install -y ffmpeg"),
                      "-hide_banner",
                      "-v",
                      "error",
                      "-i",
                      url,
                      "-c",
                      "copy",
                      "-f",
                      "null",
                      "-"))
              .redirectErrorStream(true)
              .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
              .redirectOutput(output.toFile())
              .start();
      return new LivePlayer(url, edge, process, output);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The edge's address as {@code /cluster} handed it out. */
  String edge() {
    return edge;
  }

  String url() {
    return url;
  }

  boolean connected() {
    return process.isAlive();
  }

  /** When the player was cut off (its process ended on its own), or null while it plays. */
  Instant cutOffAt() {
    return ended;
  }

  Instant startedAt() {
    return started;
  }

  @Override
  public void close() throws IOException {
    Command.stop(process);
    Files.deleteIfExists(output);
  }
}
