package io.hactl.agent;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link ServiceScheduler} on a single-threaded {@link ScheduledExecutorService}. Every task is
 * wrapped so that an exception that escaped the caller's own handling is logged with its stack at
 * ERROR instead of vanishing into a Future nobody reads (and, for a periodic task, instead of
 * silently cancelling every later run).
 */
final class ExecutorScheduler implements ServiceScheduler {
  private static final Logger LOG = LoggerFactory.getLogger(ExecutorScheduler.class);

  private final ScheduledExecutorService executor;
  private final String name;

  ExecutorScheduler(ScheduledExecutorService executor, String name) {
    this.executor = executor;
    this.name = name;
  }

  @Override
  public void execute(Runnable task) {
    executor.execute(wrap(task));
  }

  @Override
  public Timer schedule(Runnable task, Duration delay) {
    var f = executor.schedule(wrap(task), millis(delay), TimeUnit.MILLISECONDS);
    return () -> f.cancel(false);
  }

  @Override
  public Timer every(Runnable task, Duration period) {
    long p = Math.max(1, millis(period));
    var f = executor.scheduleWithFixedDelay(wrap(task), p, p, TimeUnit.MILLISECONDS);
    return () -> f.cancel(false);
  }

  private static long millis(Duration d) {
    try {
      return Math.max(0, d.toMillis());
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE / 2;
    }
  }

  private Runnable wrap(Runnable task) {
    return () -> {
      try {
        task.run();
      } catch (Throwable e) {
        LOG.error("{}: a task failed outside its own handling: {}", name, e.toString(), e);
      }
    };
  }
}
