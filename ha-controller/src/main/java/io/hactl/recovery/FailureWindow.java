package io.hactl.recovery;

import io.hactl.time.Nanos;
import io.hactl.time.Ticker;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Counts the failures of one service on one node over a sliding window (rgmanager's {@code
 * max_restarts} within {@code restart_expire_time}). Failures older than the window expire. Any
 * window is safe: one longer than a {@code long} of nanoseconds (about 292 years) is treated as
 * that long, and the arithmetic compares ages, so nothing overflows. Not thread-safe: owned by one
 * service controller.
 */
public final class FailureWindow {
  private final Ticker ticker;
  private final long windowNanos;
  private final Deque<Long> failures = new ArrayDeque<>();

  /**
   * @throws IllegalArgumentException if {@code window} is zero or negative
   */
  public FailureWindow(Ticker ticker, Duration window) {
    if (window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException("failure window must be positive, got " + window);
    }
    this.ticker = ticker;
    this.windowNanos = Nanos.saturated(window);
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
    return failures.isEmpty() ? Duration.ZERO : untilExpiry(failures.peekFirst(), now);
  }

  /** Time until every failure has left the window: how long a ban must last. */
  public Duration untilAllExpire() {
    long now = ticker.nanos();
    expire(now);
    return failures.isEmpty() ? Duration.ZERO : untilExpiry(failures.peekLast(), now);
  }

  /** How long ago each failure still inside the window happened, oldest first. */
  public List<Duration> ages() {
    long now = ticker.nanos();
    expire(now);
    List<Duration> out = new ArrayList<>(failures.size());
    failures.forEach(t -> out.add(Duration.ofNanos(now - t)));
    return out;
  }

  public void clear() {
    failures.clear();
  }

  /** Both operands are in [0, Long.MAX_VALUE] once expired failures are gone: no overflow. */
  private Duration untilExpiry(long failedAt, long now) {
    return Duration.ofNanos(windowNanos - (now - failedAt));
  }

  private void expire(long now) {
    // A failure exactly one window old has expired: the window is (now - window, now].
    while (!failures.isEmpty() && now - failures.peekFirst() >= windowNanos) {
      failures.removeFirst();
    }
  }
}
