package io.hactl.resource;

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
 * counts as gone. It does not guarantee that a process in uninterruptible sleep dies: such a
 * process is returned as a survivor.
 */
public final class ProcessKiller {
  private static final Logger LOG = LoggerFactory.getLogger(ProcessKiller.class);
  private static final long POLL_MILLIS = 10;

  private final ProcState procs;

  public ProcessKiller(ProcState procs) {
    this.procs = procs;
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
    if (waitGone(targets.values(), grace)) {
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
    waitGone(stubborn, killWait);
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

  /** Polls until every handle is gone or the timeout passes; an interrupt ends the wait early. */
  private boolean waitGone(Collection<ProcessHandle> handles, Duration timeout) {
    Deadline deadline = Deadline.after(timeout);
    while (true) {
      if (running(handles).isEmpty()) {
        return true;
      }
      if (deadline.expired()) {
        return false;
      }
      try {
        Thread.sleep(Math.min(POLL_MILLIS, Math.max(1, deadline.remaining().toMillis())));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return running(handles).isEmpty();
      }
    }
  }
}
