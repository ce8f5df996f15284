package io.hactl.itests.support;

import io.hactl.testkit.support.HarnessException;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Converts the times shell helpers write (seconds from {@code /proc/uptime}, 10 ms resolution) into
 * the harness's monotonic clock ({@link System#nanoTime}). The offset is measured once; it stays
 * valid as long as the machine is not suspended. Converted times are accurate to about 10 ms.
 */
public final class BootClock {
  private final long offsetNanos;

  private BootClock(long offsetNanos) {
    this.offsetNanos = offsetNanos;
  }

  /** Measures the offset between /proc/uptime and {@link System#nanoTime} now. */
  public static BootClock calibrate() {
    long best = Long.MIN_VALUE;
    for (int i = 0; i < 5; i++) {
      long before = System.nanoTime();
      long up = uptimeNanos();
      // uptime is truncated to 10 ms, so nanoTime - uptime over-estimates; keep the smallest.
      long off = before - up;
      best = best == Long.MIN_VALUE ? off : Math.min(best, off);
    }
    return new BootClock(best);
  }

  /** A clock with a known offset, for tests. */
  public static BootClock withOffset(long offsetNanos) {
    return new BootClock(offsetNanos);
  }

  /** The monotonic time of an uptime stamp such as {@code "12345.67"}. */
  public long toNanos(String uptimeSeconds) {
    long up = new BigDecimal(uptimeSeconds).movePointRight(9).longValueExact();
    return up + offsetNanos;
  }

  private static long uptimeNanos() {
    try {
      String s = Files.readString(Path.of("/proc/uptime")).trim();
      return new BigDecimal(s.substring(0, s.indexOf(' '))).movePointRight(9).longValueExact();
    } catch (IOException e) {
      throw new HarnessException("cannot read /proc/uptime", e);
    }
  }
}
