package io.streamcluster.media;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Looks at the files a server re-reads while it runs (the TLS certificate and key, the secret files
 * of publish tokens, play tokens and the cluster API) every interval, on a thread of its own:
 * reading files would block an event loop. Each file's owner compares the content with what it uses
 * and takes it up when it changed and loads.
 *
 * <p>Polled rather than watched (inotify through a {@code WatchService}): the kubelet updates a
 * mounted Secret by writing a new hidden directory and renaming a {@code ..data} symlink over the
 * old one, so a watch on the file itself never fires and a watch on the directory sees only a
 * rename of a hidden entry, while a file edited in place (local mode, a hostPath) changes in yet
 * another way. Reading a few small files every few seconds costs nothing measurable, notices every
 * kind of change alike, and is quick next to the kubelet's own delay (up to a minute) in passing a
 * Secret's change on to the pod.
 */
final class MountedFileWatch implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(MountedFileWatch.class);

  /**
   * A file, or files, looked at together.
   *
   * @param what for the log, e.g. "the TLS certificate"
   * @param look reads the file(s) and takes up a change; reports its own problems
   */
  record Watched(String what, Runnable look) {}

  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread thread = new Thread(r, "mounted-file-watch");
            thread.setDaemon(true);
            return thread;
          });

  MountedFileWatch(List<Watched> files, Duration interval) {
    timer.scheduleWithFixedDelay(
        () -> {
          for (Watched file : files) {
            try {
              file.look().run();
            } catch (RuntimeException e) {
              // a failed look must not end the watch: the next one may succeed
              log.warn("Looking at {} for a change failed", file.what(), e);
            }
          }
        },
        interval.toMillis(),
        interval.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
