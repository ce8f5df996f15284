package io.hactl;

import io.hactl.time.Ticker;
import java.time.Duration;

/**
 * A monotonic clock that moves only when a test says so. Like {@link System#nanoTime} its readings
 * may wrap around the {@code long} range, which tests of overflow use on purpose.
 */
public final class FakeTicker implements Ticker {
  private long nanos = 1_000_000_000L;

  @Override
  public synchronized long nanos() {
    return nanos;
  }

  public synchronized void advance(Duration d) {
    nanos += d.toNanos();
  }
}
