package io.hactl.agent;

import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This class runs the tasks of one service one at a time, in the order they were handed over, on
 * threads borrowed from a pool shared by every service of the agent ({@link ServiceWorkers}). A
 * service owns no thread: while it has nothing to do it costs a queue. At most one task of a
 * service runs at any time, and it holds one pool thread while it runs; after each task the service
 * goes to the back of the pool's queue, so a busy service does not starve the others.
 *
 * <p>Timers fire on the shared timer thread, which only enqueues the task here and never runs it. A
 * periodic task is re-armed after each run (fixed delay), so runs never pile up behind a slow one.
 * Every task is wrapped so that an exception that escaped the caller's own handling is logged with
 * its stack at ERROR instead of vanishing. After {@link #close} queued and later tasks are dropped.
 * It does not bound how long a task runs: a task stuck in a blocking call keeps its pool thread.
 */
final class SerialScheduler implements ServiceScheduler, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SerialScheduler.class);

  private final String name;
  private final Executor workers;
  private final ScheduledExecutorService timers;
  private final Queue<Runnable> queue = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean draining = new AtomicBoolean();
  private volatile boolean closed;

  SerialScheduler(String name, Executor workers, ScheduledExecutorService timers) {
    this.name = name;
    this.workers = workers;
    this.timers = timers;
  }

  @Override
  public void execute(Runnable task) {
    if (closed) {
      LOG.debug("{}: closed, task dropped", name);
      return;
    }
    queue.add(task);
    kick();
  }

  @Override
  public Timer schedule(Runnable task, Duration delay) {
    AtomicBoolean cancelled = new AtomicBoolean();
    ScheduledFuture<?> f =
        later(
            () ->
                execute(
                    () -> {
                      if (!cancelled.get()) {
                        task.run();
                      }
                    }),
            delay);
    return () -> {
      cancelled.set(true);
      if (f != null) {
        f.cancel(false);
      }
    };
  }

  @Override
  public Timer every(Runnable task, Duration period) {
    Periodic p = new Periodic(task, Duration.ofMillis(Math.max(1, millis(period))));
    p.arm();
    return p::cancel;
  }

  /** Drops every queued task and every later one; a task running now finishes. */
  @Override
  public void close() {
    closed = true;
    queue.clear();
  }

  /** Hands the queue to a pool thread unless one already has it. */
  private void kick() {
    while (!queue.isEmpty() && draining.compareAndSet(false, true)) {
      try {
        workers.execute(this::runOne);
        return;
      } catch (RejectedExecutionException e) {
        draining.set(false);
        LOG.debug("{}: the workers are shut down, tasks dropped", name);
        queue.clear();
        return;
      }
    }
  }

  /** Runs the oldest task, then hands the rest back to the pool (behind other services). */
  private void runOne() {
    try {
      Runnable task = queue.poll();
      if (task != null && !closed) {
        guarded(task);
      }
    } finally {
      draining.set(false);
      kick();
    }
  }

  private void guarded(Runnable task) {
    try {
      task.run();
    } catch (Throwable e) {
      LOG.error("{}: a task failed outside its own handling: {}", name, e.toString(), e);
    }
  }

  private ScheduledFuture<?> later(Runnable enqueue, Duration delay) {
    try {
      return timers.schedule(enqueue, millis(delay), TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      LOG.debug("{}: the timer is shut down, timer dropped", name);
      return null;
    }
  }

  private static long millis(Duration d) {
    try {
      return Math.max(0, d.toMillis());
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE / 2;
    }
  }

  /** A task run with a fixed delay between the end of one run and the start of the next. */
  private final class Periodic {
    private final Runnable task;
    private final Duration period;
    private volatile boolean cancelled;
    private volatile ScheduledFuture<?> next;

    Periodic(Runnable task, Duration period) {
      this.task = task;
      this.period = period;
    }

    void arm() {
      if (!cancelled && !closed) {
        next = later(() -> execute(this::runOnce), period);
      }
    }

    private void runOnce() {
      if (cancelled) {
        return;
      }
      try {
        task.run();
      } finally {
        arm();
      }
    }

    void cancel() {
      cancelled = true;
      ScheduledFuture<?> n = next;
      if (n != null) {
        n.cancel(false);
      }
    }
  }
}
