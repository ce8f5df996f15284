package io.hactl.testkit.observe;

/**
 * How well the observer kept up: number of scans, scan duration, and the distribution of the
 * interval between scan starts (1 ms buckets up to 1 s). Thread-safe.
 */
public final class ObserverStats {
  private static final int BUCKETS = 1001;
  private final long[] intervalMs = new long[BUCKETS];
  private long scans;
  private long scanNanosTotal;
  private long scanNanosMax;
  private long intervalNanosMax;

  synchronized void scan(long scanNanos, long intervalNanos) {
    scans++;
    scanNanosTotal += scanNanos;
    scanNanosMax = Math.max(scanNanosMax, scanNanos);
    if (intervalNanos > 0) {
      intervalNanosMax = Math.max(intervalNanosMax, intervalNanos);
      intervalMs[(int) Math.min(BUCKETS - 1, intervalNanos / 1_000_000)]++;
    }
  }

  public synchronized long scans() {
    return scans;
  }

  /** Mean time one scan took, in microseconds. */
  public synchronized long meanScanMicros() {
    return scans == 0 ? 0 : scanNanosTotal / scans / 1000;
  }

  public synchronized long maxScanMicros() {
    return scanNanosMax / 1000;
  }

  public synchronized long maxIntervalMillis() {
    return intervalNanosMax / 1_000_000;
  }

  /** The interval between scans that {@code q} (0..1) of all intervals do not exceed, in ms. */
  public synchronized long intervalPercentileMillis(double q) {
    long total = 0;
    for (long c : intervalMs) {
      total += c;
    }
    long need = (long) Math.ceil(q * total);
    long seen = 0;
    for (int i = 0; i < BUCKETS; i++) {
      seen += intervalMs[i];
      if (seen >= need && need > 0) {
        return i + 1;
      }
    }
    return 0;
  }

  @Override
  public synchronized String toString() {
    return String.format(
        "%d scans, scan mean %d us max %d us, interval p50 <=%d ms p99 <=%d ms max %d ms",
        scans,
        meanScanMicros(),
        maxScanMicros(),
        intervalPercentileMillis(0.5),
        intervalPercentileMillis(0.99),
        maxIntervalMillis());
  }
}
