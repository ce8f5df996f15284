package io.hactl.resource;

import io.hactl.time.Nanos;
import io.hactl.time.Ticker;
import java.time.Duration;

/**
 * A point in monotonic time by which an action must be done, so that several steps of one operation
 * share one budget. It does not enforce anything: callers pass {@link #remaining} to each bounded
 * step. Any budget is safe: one beyond a {@code long} of nanoseconds (about 292 years) saturates,
 * and a zero or negative budget is expired at once.
 */
public final class Deadline {
  private final Ticker ticker;
  private final long startNanos;
  private final long budgetNanos;

  private Deadline(Ticker ticker, long startNanos, long budgetNanos) {
    this.ticker = ticker;
    this.startNanos = startNanos;
    this.budgetNanos = budgetNanos;
  }

  /** A deadline {@code budget} from now on {@code ticker}. */
  public static Deadline after(Ticker ticker, Duration budget) {
    return new Deadline(ticker, ticker.nanos(), Math.max(0, Nanos.saturated(budget)));
  }

  /** Time since the deadline was set. */
  public Duration elapsed() {
    return Duration.ofNanos(elapsedNanos());
  }

  /** Time left, never negative. */
  public Duration remaining() {
    return Duration.ofNanos(Math.max(0, budgetNanos - elapsedNanos()));
  }

  /** Time left minus {@code reserve}, never negative: a step that must leave time for another. */
  public Duration remainingMinus(Duration reserve) {
    Duration left = remaining().minus(reserve);
    return left.isNegative() ? Duration.ZERO : left;
  }

  public boolean expired() {
    return elapsedNanos() >= budgetNanos;
  }

  /** Never negative: a monotonic ticker does not go back. */
  private long elapsedNanos() {
    return Math.max(0, ticker.nanos() - startNanos);
  }
}
