package io.hactl.demo;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Prints the demo's story as it happens: one line per event, with the seconds since the demo
 * started (monotonic clock) and who it is about. Thread-safe; lines never interleave. It does not
 * sort: events print in the order they are reported, and their times are when the demo saw them.
 */
final class Timeline {
  private final PrintStream out;
  private final long t0;

  Timeline(PrintStream out) {
    this.out = out;
    this.t0 = System.nanoTime();
  }

  /** An event seen at {@code nanos} (a {@link System#nanoTime} reading). */
  synchronized void at(long nanos, String who, String text) {
    out.printf(Locale.ROOT, "  +%6.2f s  %-5s %s%n", seconds(nanos), who, text);
    out.flush();
  }

  /** An event seen now. */
  void now(String who, String text) {
    at(System.nanoTime(), who, text);
  }

  /** A line without a time (headers, the summary). */
  synchronized void line(String text) {
    out.println(text);
    out.flush();
  }

  /** Seconds from the start of the demo to {@code nanos}. */
  double seconds(long nanos) {
    return (nanos - t0) / 1e9;
  }
}
