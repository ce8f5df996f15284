package io.hactl.resource.exec;

import io.hactl.process.ProcessResult;
import io.hactl.process.ProcessSpec;
import io.hactl.resource.ActionGuard;
import io.hactl.resource.ActionGuard.RevokedException;
import io.hactl.resource.Deadline;
import io.hactl.resource.ProcState;
import io.hactl.resource.ResourceException;
import io.hactl.time.Sleeper;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts a forking daemon: removes a stale pidfile, runs the start command through the guard until
 * it exits 0, then waits for the pidfile to name a live (non-zombie) process. A pidfile that
 * already names a live process is adopted instead, which keeps start idempotent. It does not
 * guarantee that the pid is the daemon's (see {@link Pidfile}). It waits only through its {@link
 * Sleeper}, against the caller's {@link Deadline}.
 */
final class ForkingStart {
  private static final Logger LOG = LoggerFactory.getLogger(ForkingStart.class);
  private static final Duration POLL = Duration.ofMillis(20);

  private final String name;
  private final Pidfile pidfile;
  private final ActionGuard guard;
  private final ProcState procs;
  private final Sleeper sleeper;

  ForkingStart(String name, Pidfile pidfile, ActionGuard guard, ProcState procs, Sleeper sleeper) {
    this.name = name;
    this.pidfile = pidfile;
    this.guard = guard;
    this.procs = procs;
    this.sleeper = sleeper;
  }

  /** The daemon's process, once the pidfile names a live one; within {@code deadline}. */
  ProcessHandle start(ProcessSpec command, Deadline deadline) throws ResourceException {
    Optional<ProcessHandle> running = live();
    if (running.isPresent()) {
      LOG.warn(
          "{}: {} names running pid {}; adopting it", name, pidfile.path(), running.get().pid());
      return running.get();
    }
    if (!pidfile.delete()) {
      throw new ResourceException(name, "cannot remove stale pidfile " + pidfile.path());
    }
    ProcessResult r;
    try {
      r = guard.run(command);
    } catch (RevokedException e) {
      throw new ResourceException(name, e.getMessage(), e);
    }
    if (!r.succeeded()) {
      throw new ResourceException(name, "start command failed: " + r.describe());
    }
    return awaitPidfile(deadline);
  }

  /** The live process the pidfile names, if any. */
  Optional<ProcessHandle> live() {
    OptionalLong pid = pidfile.read();
    if (pid.isEmpty() || !procs.isRunning(pid.getAsLong())) {
      return Optional.empty();
    }
    return ProcessHandle.of(pid.getAsLong());
  }

  private ProcessHandle awaitPidfile(Deadline deadline) throws ResourceException {
    long lastDead = -1;
    while (true) {
      OptionalLong pid = pidfile.read();
      if (pid.isPresent()) {
        Optional<ProcessHandle> h = ProcessHandle.of(pid.getAsLong());
        if (h.isPresent() && !procs.isGone(h.get())) {
          LOG.info("{}: daemon runs as pid {} ({})", name, pid.getAsLong(), pidfile.path());
          return h.get();
        }
        if (pid.getAsLong() == lastDead) {
          throw new ResourceException(
              name, "daemon pid " + lastDead + " from " + pidfile.path() + " is not running");
        }
        lastDead = pid.getAsLong(); // read it twice: the file may have been half written
      }
      if (deadline.expired()) {
        throw new ResourceException(
            name, "no live pid in " + pidfile.path() + " before the start timeout");
      }
      try {
        Duration left = deadline.remaining();
        sleeper.sleep(left.compareTo(POLL) < 0 ? left : POLL);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ResourceException(name, "interrupted while waiting for " + pidfile.path(), e);
      }
    }
  }
}
