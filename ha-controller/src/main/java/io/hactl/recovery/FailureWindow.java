package io.hactl.recovery;

import io.hactl.time.Ticker;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Counts the failures of one service on one node over a sliding window (rgmanager's {@code
 * max_restarts} within {@code restart_expire_time}). Failures older than the window expire. Not
 * thread-safe: owned by one service controller.
 */
public final class FailureWindow {
  private final Ticker ticker;
  private final Duration window;
  private final Deque<Long> failures = new ArrayDeque<>();

  public FailureWindow(Ticker ticker, Duration window) {
    this.ticker = ticker;
    this.window = window;
  }

  /** Records a failure now and returns how many failures the window holds, this one included. */
  public int record() {
    long now = ticker.nanos();
    expire(now);
    failures.addLast(now);
    return failures.size();
  }

  /** Failures still inside the window. */
  public int count() {
    expire(ticker.nanos());
    return failures.size();
  }

  /** Time until the oldest failure leaves the window (zero when the window is empty). */
  public Duration untilOldestExpires() {
    long now = ticker.nanos();
    expire(now);
    if (failures.isEmpty()) {
      return Duration.ZERO;
    }
    return Duration.ofNanos(failures.peekFirst() + window.toNanos() - now);
  }

  /** Time until every failure has left the window: how long a ban must last. */
  public Duration untilAllExpire() {
    long now = ticker.nanos();
    expire(now);
    if (failures.isEmpty()) {
      return Duration.ZERO;
    }
    return Duration.ofNanos(failures.peekLast() + window.toNanos() - now);
  }

  public void clear() {
    failures.clear();
  }

  private void expire(long now) {
    // A failure exactly one window old has expired: the window is (now - window, now].
    while (!failures.isEmpty() && now - failures.peekFirst() >= window.toNanos()) {
      failures.removeFirst();
    }
  }
}
