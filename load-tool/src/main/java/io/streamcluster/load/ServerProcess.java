package io.streamcluster.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads a server's CPU time and resident memory from {@code /proc}, summed over the given process
 * ids (nginx's master and worker, or one JVM).
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
    long ticks = 0;
    long rssKib = 0;
    for (int pid : pids) {
      ticks += cpuTicks(pid);
      rssKib += rssKib(pid);
    }
    return new Sample((double) ticks / clockTicksPerSecond, rssKib);
  }

  /** CPU seconds (user + system) and resident set size at one moment. */
  record Sample(double cpuSeconds, long rssKib) {}

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
