package io.hactl.resource;

import io.hactl.process.ProcessResult;
import io.hactl.process.ProcessRunner;
import io.hactl.process.ProcessSpec;
import io.hactl.process.RunningProcess;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gate every mutating action of one ownership term passes through. Until {@link #revoke} it
 * launches child processes and remembers them; after it, every launch is refused, so an emergency
 * stop that revokes first and then cleans up cannot be overtaken by a start still in flight on
 * another thread. It does not stop a child that was launched before the revoke: {@link
 * #killLaunched} does that, and resources still check the mount table afterwards.
 */
public final class ActionGuard {
  private static final Logger LOG = LoggerFactory.getLogger(ActionGuard.class);

  private final ProcessRunner runner;
  private final List<RunningProcess> launched = new ArrayList<>();
  private boolean revoked;

  public ActionGuard(ProcessRunner runner) {
    this.runner = runner;
  }

  /** The runner, for actions that are not guarded (checks, and the emergency stop itself). */
  public ProcessRunner runner() {
    return runner;
  }

  /** Starts a child unless revoked. */
  public synchronized RunningProcess launch(ProcessSpec spec) throws RevokedException, IOException {
    if (revoked) {
      throw new RevokedException(spec.label());
    }
    RunningProcess p = runner.start(spec);
    launched.removeIf(r -> !r.isAlive());
    launched.add(p);
    return p;
  }

  /**
   * Runs a child to completion or its deadline unless revoked. The wait happens outside the lock,
   * so a revoke is never held up by a slow child.
   */
  public ProcessResult run(ProcessSpec spec) throws RevokedException {
    RunningProcess p;
    try {
      p = launch(spec);
    } catch (IOException e) {
      return new ProcessResult(
          spec.label(), -1, -1, false, Duration.ZERO, List.of(), e.getMessage());
    }
    return runner.finish(p, spec);
  }

  /** Refuses every later launch. Idempotent. */
  public synchronized void revoke() {
    revoked = true;
  }

  public synchronized boolean revoked() {
    return revoked;
  }

  /** Kills (TERM, grace, KILL) every child launched through this guard that is still alive. */
  public boolean killLaunched(Duration grace, Duration killWait) {
    List<RunningProcess> alive;
    synchronized (this) {
      alive = new ArrayList<>(launched);
    }
    boolean allGone = true;
    for (RunningProcess p : alive) {
      try {
        allGone &= p.terminate(grace, killWait);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return allGone;
  }

  /** Thrown when an action is attempted after the term was revoked. */
  public static final class RevokedException extends Exception {
    public RevokedException(String action) {
      super(action + ": refused, ownership term revoked");
    }
  }
}
