package io.hactl.time;

import java.time.Duration;

/**
 * Waits for a while. The process layer and the agent sleep only through this, so that tests can
 * drive time with a fake that returns at once and advances a fake {@link Ticker}; {@link #SYSTEM}
 * is the one real sleeper of the product.
 */
@FunctionalInterface
public interface Sleeper {
  /**
   * Sleeps for {@code d} (nothing for zero or negative).
   *
   * @throws InterruptedException when the thread is interrupted; the caller restores or handles the
   *     interrupt as its contract says
   */
  void sleep(Duration d) throws InterruptedException;

  /** The real sleeper: {@link Thread#sleep(Duration)} semantics, millisecond resolution. */
  Sleeper SYSTEM =
      d -> {
        if (d.isNegative() || d.isZero()) {
          return;
        }
        long nanos = Nanos.saturated(d);
        Thread.sleep(nanos / 1_000_000L, (int) (nanos % 1_000_000L));
      };
}
