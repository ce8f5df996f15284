package io.hactl.process;

import io.hactl.time.Nanos;
import io.hactl.time.Sleeper;
import io.hactl.time.Ticker;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A started child process whose output is streamed into the log, line by line, with its label and
 * pid. Every wait on it is bounded; {@link #terminate} escalates from TERM to KILL over the child
 * and every descendant it has. It does not guarantee that a child in uninterruptible sleep (a
 * process stuck on a dead NFS server) ever exits: {@link #terminate} then reports false. Waits are
 * measured by the runner's {@link Ticker} and made by polling with its {@link Sleeper}, so a fake
 * clock drives them in tests; the child itself is always real.
 */
public final class RunningProcess {
  private static final Logger LOG = LoggerFactory.getLogger(RunningProcess.class);
  private static final int TAIL_LINES = 20;
  private static final Duration POLL = Duration.ofMillis(20);

  /** First pause of {@link #await}: a quick child is seen within a millisecond or two. */
  private static final Duration FIRST_POLL = Duration.ofMillis(1);

  /** Longest pause of {@link #await}: bounds how late an exit is seen. */
  private static final Duration MAX_AWAIT_POLL = Duration.ofMillis(10);

  private final String label;
  private final UnaryOperator<String> masker;
  private final Process process;
  private final Ticker ticker;
  private final Sleeper sleeper;
  private final long startNanos;
  private final Deque<String> tail = new ArrayDeque<>();
  private final Thread pump;

  RunningProcess(
      String label,
      UnaryOperator<String> masker,
      Process process,
      Ticker ticker,
      Sleeper sleeper,
      long startNanos) {
    this.label = label;
    this.masker = masker;
    this.process = process;
    this.ticker = ticker;
    this.sleeper = sleeper;
    this.startNanos = startNanos;
    this.pump = new Thread(this::pumpOutput, "out-" + label + "-" + process.pid());
    this.pump.setDaemon(true);
    this.pump.start();
  }

  private void pumpOutput() {
    try (BufferedReader reader =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        line = masker.apply(line);
        LOG.info("[{} pid {}] {}", label, process.pid(), line);
        synchronized (tail) {
          if (tail.size() == TAIL_LINES) {
            tail.removeFirst();
          }
          tail.addLast(line);
        }
      }
    } catch (IOException e) {
      LOG.debug("[{} pid {}] output closed: {}", label, process.pid(), e.toString());
    }
  }

  public long pid() {
    return process.pid();
  }

  public String label() {
    return label;
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** Completes when the child exits, with its exit status. Runs callbacks on a JDK thread. */
  public CompletableFuture<Integer> onExit() {
    return process.onExit().thenApply(Process::exitValue);
  }

  /**
   * Waits up to {@code timeout} (on the runner's clock) for the child to exit; empty if it is still
   * running. Polls, starting at {@link #FIRST_POLL} and backing off to {@link #MAX_AWAIT_POLL}.
   */
  public Optional<Integer> await(Duration timeout) throws InterruptedException {
    long t0 = ticker.nanos();
    long budget = Math.max(0, Nanos.saturated(timeout));
    Duration pause = FIRST_POLL;
    while (true) {
      if (!process.isAlive()) {
        return Optional.of(process.exitValue());
      }
      long left = budget - (ticker.nanos() - t0);
      if (left <= 0) {
        return Optional.empty();
      }
      sleeper.sleep(min(pause, Duration.ofNanos(left)));
      pause = min(pause.multipliedBy(2), MAX_AWAIT_POLL);
    }
  }

  /**
   * Sends TERM to the child and its descendants, waits up to {@code grace}, then sends KILL and
   * waits up to {@code killWait}. Returns true when the child and every descendant seen are gone
   * (exited, or a zombie waiting for a slow reaper).
   */
  public boolean terminate(Duration grace, Duration killWait) throws InterruptedException {
    List<ProcessHandle> all = new ArrayList<>();
    all.add(process.toHandle());
    process.descendants().forEach(all::add);
    if (all.stream().allMatch(RunningProcess::gone)) {
      return true;
    }
    all.forEach(ProcessHandle::destroy);
    if (waitAllGone(all, grace, ticker, sleeper)) {
      return true;
    }
    LOG.warn(
        "[{} pid {}] still running {} ms after TERM, sending KILL", label, pid(), grace.toMillis());
    process.descendants().forEach(all::add);
    all.forEach(ProcessHandle::destroyForcibly);
    return waitAllGone(all, killWait, ticker, sleeper);
  }

  private static boolean waitAllGone(
      List<ProcessHandle> handles, Duration timeout, Ticker ticker, Sleeper sleeper)
      throws InterruptedException {
    long t0 = ticker.nanos();
    long budget = Math.max(0, Nanos.saturated(timeout));
    while (!handles.stream().allMatch(RunningProcess::gone)) {
      long left = budget - (ticker.nanos() - t0);
      if (left <= 0) {
        return false;
      }
      sleeper.sleep(min(POLL, Duration.ofNanos(left)));
    }
    return true;
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  /**
   * Gone: exited, or dead and waiting for its reaper. A descendant orphaned by the child's death is
   * reparented to PID 1, which may reap it late; as a zombie it holds no mount and runs no code, so
   * waiting for the reaper would only turn a clean stop into a false alarm.
   */
  private static boolean gone(ProcessHandle h) {
    if (!h.isAlive()) {
      return true;
    }
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(h.pid()), "stat"));
      int end = stat.lastIndexOf(')');
      char state = end > 0 && end + 2 < stat.length() ? stat.charAt(end + 2) : '?';
      return state == 'Z' || state == 'X';
    } catch (IOException e) {
      return !h.isAlive();
    }
  }

  /** The last lines of output, oldest first. */
  public List<String> tail() {
    synchronized (tail) {
      return List.copyOf(tail);
    }
  }

  /** Time since start, on the runner's clock. */
  public Duration elapsed() {
    return Duration.ofNanos(ticker.nanos() - startNanos);
  }

  /** Gives the output pump a moment to drain after exit, so the tail holds the last lines. */
  void drain(Duration max) throws InterruptedException {
    pump.join(Math.max(1, max.toMillis()));
  }
}
