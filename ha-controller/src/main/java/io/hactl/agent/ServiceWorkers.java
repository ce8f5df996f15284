package io.hactl.agent;

import java.util.concurrent.LinkedTransferQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * This class is the agent's shared substrate for the work of its services: one timer thread and a
 * bounded pool of worker threads, over which every service gets its own {@link SerialScheduler}. An
 * agent's thread count therefore no longer grows with the number of services it may run: the pool
 * holds at most {@code maxWorkers} threads, and idle ones end after {@link #IDLE_SECONDS}.
 *
 * <p>What it does not do: it does not bound how long a step blocks (each resource action has its
 * own deadline), and when more than {@code maxWorkers} services are inside blocking steps at once,
 * the next steps wait in order for a thread. The emergency stop of DESIGN rule 4 never runs here:
 * it has its own executor ({@link Demotion}), so it cannot queue behind other services' slow
 * actions.
 */
final class ServiceWorkers implements AutoCloseable {
  private static final org.slf4j.Logger LOG =
      org.slf4j.LoggerFactory.getLogger(ServiceWorkers.class);

  /**
   * Default bound of the worker pool: enough for every service of a node that takes over after a
   * peer's loss to fence and start at once (a node typically takes tens), small next to one thread
   * per service for the hundreds a node may run.
   */
  static final int DEFAULT_MAX_WORKERS = 32;

  /** How long an idle worker thread lives. */
  static final long IDLE_SECONDS = 30;

  private final ScheduledThreadPoolExecutor timers;
  private final ThreadPoolExecutor workers;

  ServiceWorkers(int maxWorkers) {
    if (maxWorkers < 1) {
      throw new IllegalArgumentException("maxWorkers must be >= 1: " + maxWorkers);
    }
    timers = new ScheduledThreadPoolExecutor(1, AgentThreads.named("svc-timers"));
    timers.setRemoveOnCancelPolicy(true);
    HandOff queue = new HandOff();
    workers =
        new ThreadPoolExecutor(
            0,
            maxWorkers,
            IDLE_SECONDS,
            TimeUnit.SECONDS,
            queue,
            AgentThreads.numbered("svc-worker-"),
            (task, pool) -> {
              if (pool.isShutdown()) {
                throw new RejectedExecutionException("the service workers are shut down");
              }
              queue.enqueue(task);
            });
  }

  /**
   * The pool's queue: a task goes straight to an idle worker if one waits; otherwise the pool
   * starts a new worker, up to the bound; at the bound, the task waits in order ({@link #enqueue},
   * from the rejection handler). A plain bounded pool would instead start a new thread for every
   * task until the bound, busy or not, so that an agent at rest would keep every worker.
   */
  private static final class HandOff extends LinkedTransferQueue<Runnable> {
    private static final long serialVersionUID = 1L;

    @Override
    public boolean offer(Runnable task) {
      return tryTransfer(task);
    }

    void enqueue(Runnable task) {
      super.offer(task);
    }
  }

  /** A serial scheduler for the service called {@code service}. */
  SerialScheduler forService(String service) {
    return new SerialScheduler("service " + service, workers, timers);
  }

  /**
   * Runs {@code task} on the timer thread every {@code period}; it must never block. An exception
   * it throws is logged and the next run happens anyway.
   */
  void everyOnTimer(Runnable task, java.time.Duration period) {
    long p = Math.max(1, period.toMillis());
    timers.scheduleWithFixedDelay(
        () -> {
          try {
            task.run();
          } catch (RuntimeException e) {
            LOG.error("a timer task failed: {}", e.toString(), e);
          }
        },
        p,
        p,
        TimeUnit.MILLISECONDS);
  }

  /** Stops the timer and the workers, interrupting the steps running now. */
  @Override
  public void close() {
    timers.shutdownNow();
    workers.shutdownNow();
  }
}
