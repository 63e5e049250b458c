package io.streamcluster.media.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A command run to completion with a deadline: its output goes to files (no pipe can fill up and
 * stall it) and it is killed, by pid, when the deadline passes.
 */
public final class Command {

  private final List<String> args;
  private final Map<String, String> env = new HashMap<>();
  private Duration timeout = Duration.ofMinutes(2);
  private boolean echo;

  private Command(List<String> args) {
    this.args = List.copyOf(args);
  }

  public static Command of(String... args) {
    return new Command(List.of(args));
  }

  public static Command of(List<String> args) {
    return new Command(args);
  }

  public Command env(String name, String value) {
    env.put(name, value);
    return this;
  }

  public Command timeout(Duration timeout) {
    this.timeout = timeout;
    return this;
  }

  /**
   * Also copies what the command prints on stderr to this JVM's stderr (progress of long steps).
   */
  public Command echoStderr() {
    this.echo = true;
    return this;
  }

  /** What a finished (or killed) command printed. */
  public record Result(
      List<String> command, int exitCode, String stdout, String stderr, boolean timedOut) {
    public boolean succeeded() {
      return !timedOut && exitCode == 0;
    }

    /** Throws with the command's output when it failed. */
    public Result orThrow() {
      if (!succeeded()) {
        throw new IllegalStateException(describe());
      }
      return this;
    }

    public String describe() {
      return String.join(" ", command)
          + (timedOut ? " timed out" : " exited with " + exitCode)
          + "\n--- stdout ---\n"
          + tail(stdout)
          + "\n--- stderr ---\n"
          + tail(stderr);
    }

    private static String tail(String text) {
      return text.length() <= 4000 ? text : "..." + text.substring(text.length() - 4000);
    }
  }

  public Result run() {
    Path out = null;
    Path err = null;
    try {
      out = Files.createTempFile("command-", ".out");
      err = Files.createTempFile("command-", ".err");
      ProcessBuilder builder =
          new ProcessBuilder(args)
              .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
              .redirectOutput(out.toFile());
      builder.redirectError(
          echo ? ProcessBuilder.Redirect.INHERIT : ProcessBuilder.Redirect.to(err.toFile()));
      builder.environment().putAll(env);
      Process process = builder.start();
      boolean finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (!finished) {
        stop(process);
      }
      return new Result(
          args,
          finished ? process.exitValue() : -1,
          Files.readString(out, StandardCharsets.UTF_8),
          echo ? "(on the console)" : Files.readString(err, StandardCharsets.UTF_8),
          !finished);
    } catch (IOException e) {
      throw new UncheckedIOException("could not run " + String.join(" ", args), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + String.join(" ", args), e);
    } finally {
      deleteQuietly(out);
      deleteQuietly(err);
    }
  }

  /** Stops a process and its descendants by pid: TERM, then KILL after 5 s. */
  public static void stop(Process process) {
    if (process == null) {
      return;
    }
    List<ProcessHandle> family = new ArrayList<>(process.descendants().toList());
    family.add(process.toHandle());
    family.forEach(ProcessHandle::destroy);
    for (ProcessHandle handle : family) {
      try {
        handle.onExit().get(5, TimeUnit.SECONDS);
      } catch (Exception e) {
        handle.destroyForcibly();
      }
    }
  }

  private static void deleteQuietly(Path path) {
    if (path != null) {
      try {
        Files.deleteIfExists(path);
      } catch (IOException ignored) {
        // a temp file under target/; mvn clean takes it
      }
    }
  }
}
