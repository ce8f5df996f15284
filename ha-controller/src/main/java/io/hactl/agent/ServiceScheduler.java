package io.hactl.agent;

import java.time.Duration;

/**
 * Runs the tasks of one service, one at a time, in order: now, after a delay, or periodically. A
 * controller wraps every task it hands over (an unexpected exception becomes a failure it handles);
 * an implementation must never let a task's exception disappear silently either. Tests use a fake
 * that runs tasks on the test's thread against a fake clock.
 */
public interface ServiceScheduler {
  /** Runs {@code task} soon, after the tasks already queued. */
  void execute(Runnable task);

  /** Runs {@code task} once after {@code delay}. */
  Timer schedule(Runnable task, Duration delay);

  /** Runs {@code task} every {@code period}, the first time after one period. */
  Timer every(Runnable task, Duration period);

  /** A scheduled task that can be cancelled; cancelling twice is harmless. */
  @FunctionalInterface
  interface Timer {
    void cancel();
  }
}
