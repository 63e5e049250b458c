package io.streamcluster.load;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a server's CPU time and resident memory from {@code /proc}, summed over the given process
 * ids (nginx's master and worker, or one JVM).
 *
 * <p>CPU time is what the scheduler counted each thread running, in nanoseconds ({@code
 * /proc/PID/task/TID/schedstat}): on a virtual machine whose host takes the CPU away now and then,
 * this excludes the stolen time, while {@code utime + stime} are counted in whole clock ticks and
 * can charge a thread for the host's time too. Where schedstat is missing (a kernel without {@code
 * CONFIG_SCHED_INFO}) it falls back to those ticks. A thread that ends between two samples takes
 * its time in the window with it; the servers measured keep their threads.
 */
final class ServerProcess {

  private final List<Integer> pids;
  private final int clockTicksPerSecond;

  ServerProcess(List<Integer> pids, int clockTicksPerSecond) {
    this.pids = List.copyOf(pids);
    this.clockTicksPerSecond = clockTicksPerSecond;
  }

  List<Integer> pids() {
    return pids;
  }

  Sample sample() {
    Map<String, Long> threadNanos = new HashMap<>();
    double ticksSeconds = 0;
    long rssKib = 0;
    for (int pid : pids) {
      threadNanos.putAll(threadRunNanos(pid));
      ticksSeconds += (double) cpuTicks(pid) / clockTicksPerSecond;
      rssKib += rssKib(pid);
    }
    return new Sample(threadNanos.isEmpty() ? null : threadNanos, ticksSeconds, rssKib);
  }

  /**
   * CPU and RSS at one moment: each thread's run time in nanoseconds by {@code pid/tid} (null
   * without schedstat), the processes' {@code utime + stime} in seconds, and their RSS.
   */
  record Sample(Map<String, Long> threadNanos, double tickSeconds, long rssKib) {

    /** CPU seconds from {@code start} to this sample, summed over the threads seen in both. */
    double cpuSecondsSince(Sample start) {
      if (threadNanos == null || start.threadNanos == null) {
        return tickSeconds - start.tickSeconds;
      }
      long nanos = 0;
      for (Map.Entry<String, Long> thread : threadNanos.entrySet()) {
        nanos += thread.getValue() - start.threadNanos.getOrDefault(thread.getKey(), 0L);
      }
      return nanos / 1e9;
    }
  }

  /** Each thread's run time in nanoseconds, the first field of its {@code schedstat}. */
  static Map<String, Long> threadRunNanos(int pid) {
    Map<String, Long> nanos = new HashMap<>();
    Path tasks = Path.of("/proc", Integer.toString(pid), "task");
    try (DirectoryStream<Path> threads = Files.newDirectoryStream(tasks)) {
      for (Path thread : threads) {
        try {
          String schedstat = Files.readString(thread.resolve("schedstat")).trim();
          nanos.put(pid + "/" + thread.getFileName(), Long.parseLong(schedstat.split(" ")[0]));
        } catch (NoSuchFileException ended) {
          // The thread ended while the directory was read.
        }
      }
    } catch (NoSuchFileException noSchedstat) {
      return Map.of();
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + tasks + ": " + e.getMessage(), e);
    }
    return nanos;
  }

  /** utime + stime, fields 14 and 15 of {@code /proc/PID/stat}, counted after the command name. */
  static long cpuTicks(int pid) {
    String stat = read(Path.of("/proc", Integer.toString(pid), "stat"));
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
    // fields[0] is field 3 (state); utime is field 14, stime field 15.
    return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
  }

  static long rssKib(int pid) {
    for (String line : read(Path.of("/proc", Integer.toString(pid), "status")).split("\n")) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.substring(6).trim().split("\\s+")[0]);
      }
    }
    return 0;
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }
}
