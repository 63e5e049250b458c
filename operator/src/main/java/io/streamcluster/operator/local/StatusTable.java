package io.streamcluster.operator.local;

import java.io.PrintStream;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;

/** Prints the local cluster's status as a table, one row per sync, the header now and then. */
final class StatusTable {

  private static final String FORMAT = "%-8s  %5s  %5s  %8s  %11s  %7s  %6s  %7s  %s%n";
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");
  private static final int HEADER_EVERY = 20;

  private final PrintStream out;
  private int rows;

  StatusTable(PrintStream out) {
    this.out = out;
  }

  void print(LocalStatus status) {
    if (rows++ % HEADER_EVERY == 0) {
      out.printf(
          FORMAT,
          "TIME",
          "EDGES",
          "READY",
          "DRAINING",
          "SUBSCRIBERS",
          "DESIRED",
          "JOIN/S",
          "REFUSED",
          "DECISION");
    }
    String decision =
        status.message().isEmpty()
            ? status.decision()
            : status.decision() + ": " + status.message();
    out.printf(
        FORMAT,
        LocalTime.now().format(TIME),
        status.edges(),
        status.ready(),
        status.draining(),
        status.subscribers(),
        status.desired(),
        String.format(java.util.Locale.ROOT, "%.1f", status.joinRate()),
        status.refused(),
        decision);
    out.flush();
  }
}
