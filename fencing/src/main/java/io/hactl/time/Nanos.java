package io.hactl.time;

import java.time.Duration;

/**
 * Overflow-free conversions between {@link Duration} and the nanoseconds of a {@link Ticker}. A
 * {@code Duration} holds far more than a {@code long} of nanoseconds (about 292 years), so {@link
 * Duration#toNanos} throws for large values; these saturate instead. Time arithmetic on ticker
 * readings must compare differences ({@code now - start}), never sums, since the readings may be
 * anywhere in the {@code long} range.
 */
public final class Nanos {
  private Nanos() {}

  /** {@code d} in nanoseconds, clamped to {@code [Long.MIN_VALUE, Long.MAX_VALUE]}. */
  public static long saturated(Duration d) {
    if (d.getSeconds() >= Long.MAX_VALUE / 1_000_000_000L) {
      return Long.MAX_VALUE;
    }
    if (d.getSeconds() <= Long.MIN_VALUE / 1_000_000_000L) {
      return Long.MIN_VALUE;
    }
    return d.toNanos();
  }

  /** Nanoseconds from {@code start} to {@code now}, two readings of one ticker. */
  public static Duration between(long start, long now) {
    return Duration.ofNanos(now - start);
  }
}
