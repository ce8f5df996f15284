package io.hactl.time;

import java.time.Duration;

/**
 * A monotonic clock and a sleeper for unit tests: time moves only when a test advances it or when
 * code under test sleeps (the sleep returns at once and advances the clock by its length).
 */
public final class FakeTime implements Ticker, Sleeper {
  private long nanos = 1_000_000_000L;

  @Override
  public synchronized long nanos() {
    return nanos;
  }

  @Override
  public void sleep(Duration d) throws InterruptedException {
    if (Thread.interrupted()) {
      throw new InterruptedException("fake sleep interrupted");
    }
    advance(d.isNegative() ? Duration.ZERO : d);
  }

  /** Moves the clock forward. */
  public synchronized void advance(Duration d) {
    nanos = Math.addExact(nanos, d.toNanos());
  }
}
