package io.streamcluster.media.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Real ffmpeg and ffprobe as publisher and players. Every process started is stopped by pid. */
final class Ffmpeg {

  static final String FFMPEG = ExternalTool.require("ffmpeg");
  static final String FFPROBE = ExternalTool.require("ffprobe");

  private Ffmpeg() {}

  /** What a finished process printed. */
  record Result(int exitCode, String stdout, String stderr, boolean timedOut) {
    boolean succeeded() {
      return !timedOut && exitCode == 0;
    }
  }

  /**
   * Publishes a generated H.264 + AAC stream (test pattern and a tone) in real time at about 1500
   * kbit/s with a 2 s GOP, until stopped.
   */
  static Running publish(String url, int width, int height) throws IOException {
    return start(
        FFMPEG,
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
        "1400k",
        "-maxrate",
        "1500k",
        "-bufsize",
        "1500k",
        "-g",
        "50",
        "-pix_fmt",
        "yuv420p",
        "-c:a",
        "aac",
        "-b:a",
        "96k",
        "-f",
        "flv",
        url);
  }

  /** A started process and what it has printed so far (stdout and stderr). */
  record Running(Process process, Path output) implements AutoCloseable {
    String printed() throws IOException {
      return Files.readString(output, StandardCharsets.UTF_8);
    }

    boolean isAlive() {
      return process.isAlive();
    }

    @Override
    public void close() throws Exception {
      stop(process);
      Files.deleteIfExists(output);
    }
  }

  static Running start(String... command) throws IOException {
    Path out = Files.createTempFile("ffmpeg-", ".out");
    Process process =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
    return new Running(process, out);
  }

  /** Runs to completion or kills it after the timeout. */
  static Result run(Duration timeout, String... command) throws Exception {
    Path out = Files.createTempFile("ffmpeg-", ".out");
    Path err = Files.createTempFile("ffmpeg-", ".err");
    Process process =
        new ProcessBuilder(command)
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .start();
    boolean finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    if (!finished) {
      stop(process);
    }
    Result result =
        new Result(
            finished ? process.exitValue() : -1,
            Files.readString(out, StandardCharsets.UTF_8),
            Files.readString(err, StandardCharsets.UTF_8),
            !finished);
    Files.deleteIfExists(out);
    Files.deleteIfExists(err);
    return result;
  }

  /** Plays {@code seconds} of media with decoding, writing nothing. */
  static List<String> decodeCommand(String url, int seconds) {
    return List.of(
        FFMPEG, "-hide_banner", "-v", "error", "-i", url, "-t", "" + seconds, "-f", "null", "-");
  }

  /** Plays {@code seconds} of media without decoding (cheap, for many players at once). */
  static List<String> copyCommand(String url, int seconds) {
    return List.of(
        FFMPEG,
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
  static Running videoReader(String url, String entries) throws IOException {
    return start(
        FFPROBE,
        "-v",
        "error",
        "-select_streams",
        "v",
        "-show_entries",
        entries,
        "-of",
        "csv=p=0",
        url);
  }

  static Result probeStreams(String url) throws Exception {
    return run(
        Duration.ofSeconds(20),
        FFPROBE,
        "-v",
        "error",
        "-show_entries",
        "stream=codec_type,codec_name,width,height",
        "-of",
        "compact",
        url);
  }

  static void stop(Process process) throws InterruptedException {
    if (process == null) {
      return;
    }
    ProcessHandle.of(process.pid()).ifPresent(ProcessHandle::destroy);
    if (!process.waitFor(5, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
    }
  }

  static List<String> args(List<String> base, String... more) {
    List<String> all = new ArrayList<>(base);
    all.addAll(List.of(more));
    return all;
  }
}
