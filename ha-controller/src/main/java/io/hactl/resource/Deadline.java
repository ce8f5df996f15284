package io.hactl.resource;

import java.time.Duration;

/**
 * A point in monotonic time by which an action must be done, so that several steps of one operation
 * share one budget. It does not enforce anything: callers pass {@link #remaining} to each bounded
 * step.
 */
public final class Deadline {
  private final long deadlineNanos;

  private Deadline(long deadlineNanos) {
    this.deadlineNanos = deadlineNanos;
  }

  /** A deadline {@code budget} from now. */
  public static Deadline after(Duration budget) {
    return new Deadline(System.nanoTime() + budget.toNanos());
  }

  /** Time left, never negative. */
  public Duration remaining() {
    return Duration.ofNanos(Math.max(0, deadlineNanos - System.nanoTime()));
  }

  /** Time left minus {@code reserve}, never negative: a step that must leave time for another. */
  public Duration remainingMinus(Duration reserve) {
    Duration left = remaining().minus(reserve);
    return left.isNegative() ? Duration.ZERO : left;
  }

  public boolean expired() {
    return deadlineNanos - System.nanoTime() <= 0;
  }
}
