package io.streamcluster.media.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Real ffmpeg and ffprobe as publisher and players, for the media server's, the load tool's and the
 * end-to-end tests. Every process started is stopped by pid.
 */
public final class Ffmpeg {

  private static final String INSTALL =
      "run scripts/install-test-tools.sh (or apt-get install -y ffmpeg)";

  private Ffmpeg() {}

  public static String ffmpeg() {
    return ExternalTool.require("ffmpeg", INSTALL);
  }

  public static String ffprobe() {
    return ExternalTool.require("ffprobe", INSTALL);
  }

  /**
   * Publishes a generated H.264 + AAC stream (test pattern and a tone) in real time at about 1500
   * kbit/s (1400 kbit/s video, at most 1500, and 96 kbit/s audio) with a 2 s GOP, until closed.
   */
  public static Running publish(String url, int width, int height) {
    return publish(url, width, height, 1400, 1500, 96);
  }

  /**
   * Publishes a generated H.264 + AAC stream in real time with a 2 s GOP, its video at {@code
   * videoKbps} (also its maximum) and 64 kbit/s audio, until closed.
   */
  public static Running publish(String url, int width, int height, int videoKbps) {
    return publish(url, width, height, videoKbps, videoKbps, 64);
  }

  /**
   * As {@link #publish(String, int, int)}, with options for the output's protocol, e.g. {@link
   * #verifyingTls}.
   */
  public static Running publish(String url, int width, int height, List<String> protocolOptions) {
    return publish(url, width, height, 1400, 1500, 96, protocolOptions);
  }

  /**
   * ffmpeg's TLS options (rtmps://, https://) that verify the server's certificate against {@code
   * caFile} and its name against the URL's host.
   */
  public static List<String> verifyingTls(Path caFile) {
    return List.of("-tls_verify", "1", "-ca_file", caFile.toString());
  }

  /** As {@link #verifyingTls(Path)}, the name checked being {@code host} whatever the URL says. */
  public static List<String> verifyingTls(Path caFile, String host) {
    return List.of("-tls_verify", "1", "-ca_file", caFile.toString(), "-verifyhost", host);
  }

  private static Running publish(
      String url, int width, int height, int videoKbps, int maxVideoKbps, int audioKbps) {
    return publish(url, width, height, videoKbps, maxVideoKbps, audioKbps, List.of());
  }

  private static Running publish(
      String url,
      int width,
      int height,
      int videoKbps,
      int maxVideoKbps,
      int audioKbps,
      List<String> protocolOptions) {
    List<String> command =
        new ArrayList<>(
            List.of(
                ffmpeg(),
                "-hide_banner",
                "-loglevel",
                "error",
                "-re",
                "-f",
                "lavfi",
                "-i",
                "testsrc2=size=" + width + "x" + height + ":rate=25",
                "-f",
                "lavfi",
                "-i",
                "sine=frequency=440:sample_rate=44100",
                "-c:v",
                "libx264",
                "-preset",
                "ultrafast",
                "-tune",
                "zerolatency",
                "-b:v",
                videoKbps + "k",
                "-maxrate",
                maxVideoKbps + "k",
                "-bufsize",
                maxVideoKbps + "k",
                "-g",
                "50",
                "-pix_fmt",
                "yuv420p",
                "-c:a",
                "aac",
                "-b:a",
                audioKbps + "k",
                "-f",
                "flv"));
    command.addAll(protocolOptions);
    command.add(url);
    return Running.start(command);
  }

  /** A started process and everything it printed (stdout and stderr in one file). */
  public static final class Running implements AutoCloseable {
    private final Process process;
    private final Path output;

    private Running(Process process, Path output) {
      this.process = process;
      this.output = output;
    }

    public static Running start(String... command) {
      return start(List.of(command));
    }

    public static Running start(List<String> command) {
      try {
        Path output = Files.createTempFile("ffmpeg-", ".out");
        Process process =
            new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(output.toFile())
                .start();
        return new Running(process, output);
      } catch (IOException e) {
        throw new UncheckedIOException("could not start " + command.get(0), e);
      }
    }

    public Process process() {
      return process;
    }

    public boolean isAlive() {
      return process.isAlive();
    }

    public String printed() {
      try {
        return Files.readString(output, StandardCharsets.UTF_8);
      } catch (IOException e) {
        return "(output unreadable: " + e + ")";
      }
    }

    @Override
    public void close() throws IOException {
      Command.stop(process);
      Files.deleteIfExists(output);
    }
  }

  /** Runs a command to completion, or kills it after the timeout. */
  public static Command.Result run(Duration timeout, String... command) {
    return Command.of(command).timeout(timeout).run();
  }

  /** Plays {@code seconds} of media with decoding, writing nothing. */
  public static List<String> decodeCommand(String url, int seconds) {
    return List.of(
        ffmpeg(), "-hide_banner", "-v", "error", "-i", url, "-t", "" + seconds, "-f", "null", "-");
  }

  /** Plays {@code seconds} of media without decoding (cheap, for many players at once). */
  public static List<String> copyCommand(String url, int seconds) {
    return List.of(
        ffmpeg(),
        "-hide_banner",
        "-v",
        "error",
        "-i",
        url,
        "-t",
        "" + seconds,
        "-c",
        "copy",
        "-f",
        "null",
        "-");
  }

  /**
   * A player that keeps printing, one line per video frame or packet, the given ffprobe entries
   * (e.g. {@code frame=width,height} or {@code packet=pts_time}) until stopped.
   */
  public static Running videoReader(String url, String entries) {
    return videoReader(url, entries, List.of());
  }

  /** As {@link #videoReader(String, String)}, with options for the input's protocol. */
  public static Running videoReader(String url, String entries, List<String> protocolOptions) {
    List<String> command =
        new ArrayList<>(
            List.of(
                ffprobe(),
                "-v",
                "error",
                "-select_streams",
                "v",
                "-show_entries",
                entries,
                "-of",
                "csv=p=0"));
    command.addAll(protocolOptions);
    command.add(url);
    return Running.start(command);
  }

  public static Command.Result probeStreams(String url) {
    return probeStreams(url, List.of());
  }

  /** As {@link #probeStreams(String)}, with options for the input's protocol. */
  public static Command.Result probeStreams(String url, List<String> protocolOptions) {
    List<String> command =
        new ArrayList<>(
            List.of(
                ffprobe(),
                "-v",
                "error",
                "-show_entries",
                "stream=codec_type,codec_name,width,height",
                "-of",
                "compact"));
    command.addAll(protocolOptions);
    command.add(url);
    return Command.of(command).timeout(Duration.ofSeconds(20)).run();
  }
}
