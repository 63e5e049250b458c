package io.streamcluster.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * What a run did and how long each step took (node up, image load, apply to Ready, ...), written to
 * {@code e2e-tests/target/e2e/timeline-<time>.md} when the run ends. Measured, never asserted.
 */
public final class Timeline {

  /** One step: when it started (from the run's start), its name and how long it took. */
  public record Step(Duration at, String name, Duration took) {}

  private final Instant start = Instant.now();
  private final List<Step> steps = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();

  /** Runs {@code action} and records how long it took, also when it fails. */
  public <T> T measure(String name, Callable<T> action) throws Exception {
    Instant began = Instant.now();
    boolean ok = false;
    try {
      T result = action.call();
      ok = true;
      return result;
    } finally {
      record(began, ok ? name : name + " (failed)", Duration.between(began, Instant.now()));
    }
  }

  /** Like {@link #measure(String, Callable)}, for an action without a result. */
  public void step(String name, ThrowingRunnable action) throws Exception {
    measure(
        name,
        () -> {
          action.run();
          return null;
        });
  }

  public synchronized void record(Instant began, String name, Duration took) {
    steps.add(new Step(Duration.between(start, began), name, took));
    System.out.printf(Locale.ROOT, "e2e: %-50s %7.1f s%n", name, seconds(took));
  }

  /** A line above the table: which cluster, which images. */
  public synchronized void note(String line) {
    notes.add(line);
  }

  public synchronized List<Step> steps() {
    return List.copyOf(steps);
  }

  public synchronized String render() {
    StringBuilder out = new StringBuilder("# e2e run ").append(start).append("\n\n");
    notes.forEach(line -> out.append("- ").append(line).append('\n'));
    out.append("\n| at (s) | step | took (s) |\n| ---: | --- | ---: |\n");
    for (Step step : steps) {
      out.append(
          String.format(
              Locale.ROOT,
              "| %.1f | %s | %.1f |%n",
              seconds(step.at()),
              step.name(),
              seconds(step.took())));
    }
    return out.toString();
  }

  /** Writes the table into {@code dir} and returns the file. */
  public Path write(Path dir) {
    String stamp =
        DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC).format(start);
    Path file = dir.resolve("timeline-" + stamp + ".md");
    try {
      Files.createDirectories(dir);
      Files.writeString(file, render(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }

  private static double seconds(Duration duration) {
    return duration.toMillis() / 1000.0;
  }

  /** An action that may throw. */
  @FunctionalInterface
  public interface ThrowingRunnable {
    void run() throws Exception;
  }
}
