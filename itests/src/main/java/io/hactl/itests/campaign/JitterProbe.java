package io.hactl.itests.campaign;

import java.util.concurrent.locks.LockSupport;

/**
 * A scheduling-delay probe, run as its own JVM with the agents' JVM options at normal priority: a
 * thread asks to wake every 10 ms and records by how much each wake-up came late. Prints {@code
 * jitter samples=N p50=..us p99=..us max=..us} when its time is up. Usage: {@code JitterProbe
 * SECONDS}.
 */
public final class JitterProbe {
  private static final long PERIOD_NANOS = 10_000_000L;

  private JitterProbe() {}

  public static void main(String[] args) {
    long seconds = Long.parseLong(args[0]);
    long end = System.nanoTime() + seconds * 1_000_000_000L;
    // Lateness histogram in 100 us buckets up to 10 s, so that no sample is kept in memory.
    long[] buckets = new long[100_001];
    long n = 0;
    long max = 0;
    while (System.nanoTime() < end) {
      long before = System.nanoTime();
      LockSupport.parkNanos(PERIOD_NANOS);
      long late = Math.max(0, System.nanoTime() - before - PERIOD_NANOS);
      max = Math.max(max, late);
      buckets[(int) Math.min(buckets.length - 1, late / 100_000)]++;
      n++;
    }
    System.out.printf(
        "jitter samples=%d p50=%dus p99=%dus max=%dus%n",
        n, quantile(buckets, n, 0.50), quantile(buckets, n, 0.99), max / 1000);
  }

  /** Upper edge, in microseconds, of the bucket holding quantile {@code q}. */
  static long quantile(long[] buckets, long n, double q) {
    long rank = (long) Math.ceil(q * n);
    long seen = 0;
    for (int i = 0; i < buckets.length; i++) {
      seen += buckets[i];
      if (seen >= rank && rank > 0) {
        return (i + 1) * 100L;
      }
    }
    return 0;
  }
}
