package io.hactl.demo.scheduler;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.StringJoiner;
import java.util.concurrent.atomic.AtomicBoolean;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SimpleTrigger;
import org.quartz.Trigger;
import org.quartz.impl.StdSchedulerFactory;
import org.quartz.impl.jdbcjobstore.JobStoreTX;
import org.quartz.impl.jdbcjobstore.StdJDBCDelegate;
import org.quartz.simpl.SimpleThreadPool;
import org.quartz.spi.JobFactory;
import org.quartz.utils.DBConnectionManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Quartz demo scheduler: a daemon whose jobs and triggers live in an H2 job store in the shared
 * spool, as a batch scheduler's queue does, and whose one job writes every firing into a ledger
 * beside it ({@link LedgerJob}). hactl runs it as an {@code exec} resource under the spool's {@code
 * fs} resource; {@link LedgerCheck} then proves from the ledger that failovers neither lost nor
 * duplicated a firing. It does not protect itself against a second owner beyond the store's file
 * lock and the ledger's epoch check: preventing that is hactl's job.
 *
 * <p>SIGTERM (or any JVM exit) stops it cleanly: Quartz stops firing, waits for running jobs up to
 * the stop timeout, and the store is closed; the process then exits 0, or 1 if the jobs did not
 * finish in time. A start failure exits 1, a bad command line 2.
 */
public final class DemoScheduler implements AutoCloseable {
  /** Directory below the spool holding the store and the ledger. */
  public static final String DATA_DIR = "quartz-demo";

  /** The ledger's file name in {@link #DATA_DIR}. */
  public static final String LEDGER_FILE = "ledger.txt";

  private static final String LOGBACK_PROPERTY = "logback.configurationFile";
  private static final String LOGBACK_RESOURCE = "hactl-demo-scheduler-logback.xml";
  private static final String DATA_SOURCE = "spool";
  private static final int THREADS = 3;

  private final Logger log = LoggerFactory.getLogger(DemoScheduler.class);
  private final DemoOptions options;
  private final Ledger ledger;
  private final SchedulerStore store;
  private final Scheduler scheduler;
  private final AtomicBoolean stopped = new AtomicBoolean();

  private DemoScheduler(
      DemoOptions options, Ledger ledger, SchedulerStore store, Scheduler scheduler) {
    this.options = options;
    this.ledger = ledger;
    this.store = store;
    this.scheduler = scheduler;
  }

  /** The ledger file of the scheduler whose spool is {@code spool}. */
  public static Path ledgerFile(Path spool) {
    return spool.resolve(DATA_DIR).resolve(LEDGER_FILE);
  }

  /**
   * Opens the ledger and the store, defines the demo jobs if the store lacks them, and starts
   * firing.
   */
  public static DemoScheduler start(DemoOptions options, Clock clock)
      throws DemoSchedulerException {
    long t0 = System.nanoTime();
    Path dir = dataDir(options.spool());
    Ledger ledger = Ledger.open(dir.resolve(LEDGER_FILE), options.epoch());
    SchedulerStore store = null;
    Scheduler scheduler = null;
    try {
      store = SchedulerStore.open(dir, options.fileLock(), options.lockWait(), THREADS + 2);
      scheduler = quartz(options, store);
      JobFactory jobs = (bundle, unused) -> new LedgerJob(ledger, options.node(), options.epoch());
      scheduler.setJobFactory(jobs);
      List<? extends Trigger> triggers = DemoJobs.defineIfAbsent(scheduler, clock);
      scheduler.start();
      DemoScheduler daemon = new DemoScheduler(options, ledger, store, scheduler);
      daemon.logStarted(triggers, Duration.ofNanos(System.nanoTime() - t0));
      return daemon;
    } catch (SchedulerException | DemoSchedulerException | RuntimeException e) {
      abandon(scheduler, ledger, store);
      if (e instanceof DemoSchedulerException d) {
        throw d;
      }
      throw new DemoSchedulerException("cannot start Quartz: " + e.getMessage(), e);
    }
  }

  /** Re-runs of an already recorded firing that the ledger did not write again. */
  public long suppressedReruns() {
    return ledger.suppressedReruns();
  }

  /**
   * Stops firing, waits up to the stop timeout for running jobs, then closes the store and the
   * ledger.
   *
   * @return true if everything stopped in time; false if jobs were still running (the store and
   *     ledger are then left open for the process's exit to release), or if already stopped
   */
  public boolean stop() {
    if (!stopped.compareAndSet(false, true)) {
      return false;
    }
    log.info("stopping: node={} epoch={}", options.node(), options.epoch());
    Thread stopper =
        new Thread(
            () -> {
              try {
                scheduler.shutdown(true);
              } catch (SchedulerException e) {
                log.warn("Quartz shutdown failed: {}", e.toString());
              }
            },
            "quartz-shutdown");
    stopper.start();
    try {
      stopper.join(options.stopTimeout().toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (stopper.isAlive()) {
      log.error(
          "jobs still running after {} ms; leaving the store to the process exit",
          options.stopTimeout().toMillis());
      return false;
    }
    closeQuietly(ledger, store);
    log.info("stopped: node={} epoch={}", options.node(), options.epoch());
    return true;
  }

  @Override
  public void close() {
    stop();
  }

  /**
   * Runs the daemon until SIGTERM. Exits 0 after a clean stop, 1 if it cannot start or stop, 2 on a
   * bad command line.
   */
  public static void main(String[] args) {
    if (System.getProperty(LOGBACK_PROPERTY) == null) {
      // Before the first logger exists; the resource name does not clash with an application's.
      System.setProperty(LOGBACK_PROPERTY, LOGBACK_RESOURCE);
    }
    DemoOptions options;
    try {
      options = DemoOptions.parse(List.of(args), System.getenv());
    } catch (UsageException e) {
      System.err.println(e.getMessage());
      System.err.println(DemoOptions.USAGE);
      System.exit(2);
      return;
    }
    DemoScheduler daemon;
    try {
      daemon = start(options, Clock.systemUTC());
    } catch (DemoSchedulerException e) {
      LoggerFactory.getLogger(DemoScheduler.class).error("cannot start: {}", e.getMessage(), e);
      System.exit(1);
      return;
    }
    // A JVM killed by SIGTERM exits 143 whatever its hooks do; halting from the hook sets the
    // status. Nothing else calls System.exit once the daemon runs, so the hook means "stop".
    Thread hook = new Thread(() -> Runtime.getRuntime().halt(daemon.stop() ? 0 : 1), "stop");
    Runtime.getRuntime().addShutdownHook(hook);
  }

  private static Path dataDir(Path spool) throws DemoSchedulerException {
    if (!Files.isDirectory(spool)) {
      throw new DemoSchedulerException("spool " + spool + " is not a directory (not mounted?)");
    }
    Path dir = spool.resolve(DATA_DIR);
    try {
      if (!Files.isDirectory(dir)) {
        Files.createDirectory(dir);
        Fsync.directory(spool);
      }
    } catch (IOException e) {
      throw new DemoSchedulerException("cannot create " + dir + ": " + e.getMessage(), e);
    }
    return dir;
  }

  private static Scheduler quartz(DemoOptions options, SchedulerStore store)
      throws SchedulerException {
    Properties p = new Properties();
    p.setProperty(StdSchedulerFactory.PROP_SCHED_INSTANCE_NAME, "hactl-demo");
    // Recovery finds the crashed run's firings by instance id: it must not change between owners.
    p.setProperty(StdSchedulerFactory.PROP_SCHED_INSTANCE_ID, "NON_CLUSTERED");
    p.setProperty(StdSchedulerFactory.PROP_THREAD_POOL_CLASS, SimpleThreadPool.class.getName());
    p.setProperty("org.quartz.threadPool.threadCount", Integer.toString(THREADS));
    p.setProperty(StdSchedulerFactory.PROP_JOB_STORE_CLASS, JobStoreTX.class.getName());
    p.setProperty("org.quartz.jobStore.driverDelegateClass", StdJDBCDelegate.class.getName());
    p.setProperty("org.quartz.jobStore.dataSource", DATA_SOURCE);
    p.setProperty(
        "org.quartz.jobStore.misfireThreshold",
        Long.toString(options.misfireThreshold().toMillis()));
    // Quartz looks data sources up in its process-wide registry; the last one added wins.
    DBConnectionManager.getInstance()
        .addConnectionProvider(DATA_SOURCE, store.connectionProvider());
    return new StdSchedulerFactory(p).getScheduler();
  }

  private void logStarted(List<? extends Trigger> triggers, Duration took) {
    StringJoiner list = new StringJoiner(", ", "[", "]");
    for (Trigger t : triggers) {
      long every = t instanceof SimpleTrigger s ? s.getRepeatInterval() : -1;
      Instant next = t.getNextFireTime() == null ? null : t.getNextFireTime().toInstant();
      list.add(t.getKey().getName() + " every " + every + " ms next " + next);
    }
    log.info(
        "started: node={} epoch={} store={} ledger={} misfireThreshold={} ms triggers={} in {} ms"
            + " (JVM up {} ms)",
        options.node(),
        options.epoch(),
        store.file(),
        ledger.file(),
        options.misfireThreshold().toMillis(),
        list,
        took.toMillis(),
        ManagementFactory.getRuntimeMXBean().getUptime());
  }

  /** Undoes a start that failed half-way; the first failure is what the caller reports. */
  private static void abandon(Scheduler scheduler, Ledger ledger, SchedulerStore store) {
    Logger log = LoggerFactory.getLogger(DemoScheduler.class);
    if (scheduler != null) {
      try {
        scheduler.shutdown(false);
      } catch (SchedulerException e) {
        log.warn("Quartz shutdown after a failed start: {}", e.toString());
      }
    }
    closeQuietly(ledger, store);
  }

  private static void closeQuietly(Ledger ledger, SchedulerStore store) {
    Logger log = LoggerFactory.getLogger(DemoScheduler.class);
    try {
      if (store != null) {
        store.close();
      }
    } catch (DemoSchedulerException e) {
      log.warn("{}", e.getMessage());
    }
    try {
      ledger.close();
    } catch (DemoSchedulerException e) {
      log.warn("{}", e.getMessage());
    }
  }
}
