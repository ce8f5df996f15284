package io.hactl.resource;

import io.hactl.time.Sleeper;
import io.hactl.time.Ticker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Escalates from TERM to KILL over a set of processes that need not be the agent's children
 * (holders of a mount, a forking daemon and its descendants), each within a deadline. A zombie
 * counts as gone. Waits are measured by its {@link Ticker} and made with its {@link Sleeper}, so
 * the TERM, grace, KILL sequence runs on a fake clock in tests. It does not guarantee that a
 * process in uninterruptible sleep dies: such a process is returned as a survivor.
 */
public final class ProcessKiller {
  private static final Logger LOG = LoggerFactory.getLogger(ProcessKiller.class);

  /** Pause between two looks at the targets while waiting for them to go. */
  static final Duration POLL = Duration.ofMillis(10);

  private final ProcState procs;
  private final Ticker ticker;
  private final Sleeper sleeper;

  /** A killer on the real clock. */
  public ProcessKiller(ProcState procs) {
    this(procs, Ticker.SYSTEM, Sleeper.SYSTEM);
  }

  public ProcessKiller(ProcState procs, Ticker ticker, Sleeper sleeper) {
    this.procs = procs;
    this.ticker = ticker;
    this.sleeper = sleeper;
  }

  /**
   * Sends TERM to every process of {@code targets}, waits up to {@code grace} for all of them to
   * go, adds what {@code rescan} finds then (children forked meanwhile, new holders), sends KILL to
   * every one still there and waits up to {@code killWait}.
   *
   * @param what who the processes are, for the log
   * @return the processes still running after KILL; empty when all are gone
   */
  public List<ProcessHandle> terminate(
      String what,
      Collection<ProcessHandle> initial,
      Supplier<Collection<ProcessHandle>> rescan,
      Duration grace,
      Duration killWait) {
    Map<Long, ProcessHandle> targets = new LinkedHashMap<>();
    addRunning(targets, initial);
    if (targets.isEmpty()) {
      return List.of();
    }
    targets.values().forEach(ProcessHandle::destroy);
    if (awaitGone(targets.values(), grace)) {
      return List.of();
    }
    addRunning(targets, rescan.get());
    List<ProcessHandle> stubborn = running(targets.values());
    LOG.warn(
        "{}: pids {} still running {} ms after TERM, sending KILL",
        what,
        pids(stubborn),
        grace.toMillis());
    stubborn.forEach(ProcessHandle::destroyForcibly);
    awaitGone(stubborn, killWait);
    List<ProcessHandle> survivors = running(stubborn);
    if (!survivors.isEmpty()) {
      // A person must act: only fencing (a reboot) ends such a process. Say which state it is in.
      LOG.error(
          "{}: pids {} survived KILL for {} ms (state D = uninterruptible sleep, often on dead"
              + " storage)",
          what,
          withStates(survivors),
          killWait.toMillis());
    }
    return survivors;
  }

  /** Pids of the handles, for messages. */
  public static String pids(Collection<ProcessHandle> handles) {
    return handles.stream().map(h -> Long.toString(h.pid())).collect(Collectors.joining(","));
  }

  /** "123 (state D), 456 (state S)": pids with the state letter read from /proc. */
  private String withStates(Collection<ProcessHandle> handles) {
    return handles.stream()
        .map(
            h ->
                h.pid()
                    + " (state "
                    + procs.state(h.pid()).map(String::valueOf).orElse("gone")
                    + ")")
        .collect(Collectors.joining(", "));
  }

  private void addRunning(Map<Long, ProcessHandle> into, Collection<ProcessHandle> found) {
    long self = ProcessHandle.current().pid();
    for (ProcessHandle h : found) {
      if (h.pid() != self && !procs.isGone(h)) {
        into.putIfAbsent(h.pid(), h);
      }
    }
  }

  private List<ProcessHandle> running(Collection<ProcessHandle> handles) {
    List<ProcessHandle> out = new ArrayList<>();
    for (ProcessHandle h : handles) {
      if (!procs.isGone(h)) {
        out.add(h);
      }
    }
    return out;
  }

  /**
   * Polls until every handle is gone or {@code timeout} passes on this killer's clock, without
   * signalling anything; true when all are gone. An interrupt ends the wait early, with the
   * interrupt flag restored.
   */
  public boolean awaitGone(Collection<ProcessHandle> handles, Duration timeout) {
    Deadline deadline = Deadline.after(ticker, timeout);
    while (true) {
      if (running(handles).isEmpty()) {
        return true;
      }
      if (deadline.expired()) {
        return false;
      }
      try {
        Duration left = deadline.remaining();
        sleeper.sleep(left.compareTo(POLL) < 0 ? left : POLL);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return running(handles).isEmpty();
      }
    }
  }
}
