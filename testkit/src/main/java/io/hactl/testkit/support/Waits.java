package io.hactl.testkit.support;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * The harness's one way to wait: poll a condition until a deadline on the monotonic clock, or pause
 * for a fixed time. The harness drives real processes, so these really sleep; nothing in hactl's
 * own code depends on them.
 */
public final class Waits {
  private Waits() {}

  /** Polls {@code condition} every {@code poll} until true; throws after {@code timeout}. */
  public static void until(
      String what, Duration timeout, Duration poll, BooleanSupplier condition) {
    if (!poll(timeout, poll, condition)) {
      throw new HarnessException(
          "timed out after " + timeout.toMillis() + " ms waiting for " + what);
    }
  }

  /** Polls {@code condition} every {@code poll}; true when it held before {@code timeout}. */
  public static boolean poll(Duration timeout, Duration poll, BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      if (condition.getAsBoolean()) {
        return true;
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      pause(Duration.ofNanos(Math.min(left, poll.toNanos())));
    }
  }

  /** Sleeps for {@code d}; an interrupt ends the pause early and is kept on the thread. */
  public static void pause(Duration d) {
    try {
      Thread.sleep(d.toMillis(), (int) (d.toNanos() % 1_000_000));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new HarnessException("interrupted while waiting", e);
    }
  }
}
