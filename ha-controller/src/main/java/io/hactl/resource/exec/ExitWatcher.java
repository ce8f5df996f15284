package io.hactl.resource.exec;

import io.hactl.resource.ProcState;
import io.hactl.time.Sleeper;
import java.time.Duration;

/**
 * Watches a process that is not the agent's child (a forking daemon found through its pidfile) and
 * calls back once when it is gone or a zombie, by reading {@code /proc/PID/stat} every interval on
 * its own daemon thread. It only notices death within one interval; a child of the agent is better
 * watched through its exit future. Closing it stops the thread without a call. It waits only
 * through its {@link Sleeper}.
 */
final class ExitWatcher implements AutoCloseable {
  private final ProcessHandle process;
  private final ProcState procs;

  /** How often the process is looked at. */
  static final Duration INTERVAL = Duration.ofMillis(100);

  private final Sleeper sleeper;
  private final Runnable onExit;
  private final Thread thread;
  private volatile boolean closed;

  ExitWatcher(
      String name, ProcessHandle process, ProcState procs, Sleeper sleeper, Runnable onExit) {
    this.process = process;
    this.procs = procs;
    this.sleeper = sleeper;
    this.onExit = onExit;
    this.thread = new Thread(this::watch, "watch-" + name + "-" + process.pid());
    this.thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  private void watch() {
    try {
      while (!closed) {
        if (procs.isGone(process)) {
          if (!closed) {
            onExit.run();
          }
          return;
        }
        sleeper.sleep(INTERVAL);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    closed = true;
    thread.interrupt();
  }
}
