package io.hactl.agent;

import io.hactl.time.FakeTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A {@link ServiceScheduler} for unit tests: tasks run on the test's thread, only when the test
 * calls {@link #runDue} or {@link #advance}, against a {@link FakeTime}. Like the real one, it does
 * not let a task's exception escape silently: it records it and the test fails on it.
 */
final class FakeScheduler implements ServiceScheduler {
  private final FakeTime time;
  private final List<Job> jobs = new ArrayList<>();
  private final List<Throwable> escaped = new ArrayList<>();
  private long seq;

  FakeScheduler(FakeTime time) {
    this.time = time;
  }

  private final class Job implements Timer {
    final Runnable task;
    final long period;
    final long order = seq++;
    long due;
    boolean cancelled;

    Job(Runnable task, long due, long period) {
      this.task = task;
      this.due = due;
      this.period = period;
    }

    @Override
    public void cancel() {
      cancelled = true;
    }
  }

  @Override
  public void execute(Runnable task) {
    jobs.add(new Job(task, time.nanos(), 0));
  }

  @Override
  public Timer schedule(Runnable task, Duration delay) {
    Job j = new Job(task, time.nanos() + delay.toNanos(), 0);
    jobs.add(j);
    return j;
  }

  @Override
  public Timer every(Runnable task, Duration period) {
    Job j = new Job(task, time.nanos() + period.toNanos(), period.toNanos());
    jobs.add(j);
    return j;
  }

  /** Runs every task due now (and those they post), in order; returns how many ran. */
  int runDue() {
    int ran = 0;
    for (int guard = 0; guard < 10_000; guard++) {
      jobs.removeIf(j -> j.cancelled);
      Job next =
          jobs.stream()
              .filter(j -> j.due <= time.nanos())
              .min(Comparator.<Job>comparingLong(j -> j.due).thenComparingLong(j -> j.order))
              .orElse(null);
      if (next == null) {
        return ran;
      }
      if (next.period > 0) {
        next.due += next.period;
      } else {
        jobs.remove(next);
      }
      try {
        next.task.run();
      } catch (Throwable e) {
        escaped.add(e);
      }
      ran++;
    }
    throw new AssertionError("tasks keep posting tasks: livelock");
  }

  /** Moves time forward in steps of at most {@code step}, running what falls due. */
  void advance(Duration by, Duration step) {
    long end = time.nanos() + by.toNanos();
    runDue();
    while (time.nanos() < end) {
      time.advance(Duration.ofNanos(Math.min(step.toNanos(), end - time.nanos())));
      runDue();
    }
  }

  /** Periodic tasks still scheduled. */
  long periodicTasks() {
    return jobs.stream().filter(j -> !j.cancelled && j.period > 0).count();
  }

  List<Throwable> escaped() {
    return escaped;
  }
}
