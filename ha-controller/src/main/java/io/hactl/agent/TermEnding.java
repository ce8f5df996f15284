package io.hactl.agent;

import static io.hactl.agent.ServiceState.FAILED;
import static io.hactl.agent.ServiceState.OFFLINE;
import static io.hactl.agent.ServiceState.RECOVERING;
import static io.hactl.agent.ServiceState.STOPPING;

import io.hactl.ownership.OwnershipException;
import io.hactl.recovery.RecoveryDecision;
import io.hactl.resource.ResourceException;
import io.hactl.resource.Severity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ways an ownership term of a {@link ServiceController} ends while the connection is fine: a
 * planned stop and clean release; a failure handled by the recovery policy (restart in place,
 * relocate with a ban, disable); and, when a stop fails, abandoning the term (emergency stop,
 * self-fence if unconfirmed, unclean release so that the next owner fences this node). Runs on the
 * service's worker only. The emergency stop of a suspended connection is not here: it is the
 * controller's own.
 */
final class TermEnding {
  private static final Logger LOG = LoggerFactory.getLogger(TermEnding.class);

  private final ServiceController c;

  TermEnding(ServiceController c) {
    this.c = c;
  }

  /** A soft failure while owning (the recovery policy decides alone). */
  void handleFailure(String reason) {
    handleFailure(reason, Severity.SOFT);
  }

  /**
   * A failure while owning: counted in the window, then restart, relocate or disable, as the policy
   * and the failure's severity decide (a hard failure relocates, a fatal one disables).
   */
  void handleFailure(String reason, Severity severity) {
    handleFailure(reason, severity, null);
  }

  /**
   * As {@link #handleFailure(String, Severity)}, for a failure of {@code resource} (null: of the
   * service as a whole): a restart in place stops and starts that resource and the ones started
   * after it, while its parents (the spool mount under a failed daemon) keep running under the same
   * term; a relocation or a disable stops everything.
   */
  void handleFailure(String reason, Severity severity, String resource) {
    OwnershipTerm t = c.term();
    if (t != null) {
      t.cancel(ServiceController.MONITOR);
    }
    Recovery.Verdict v = c.recovery.failure(severity);
    c.machine.failures(v);
    c.events.event(c.service, "failure", reason + " (" + v + ")");
    LOG.warn("service {} on {}: {}; {}", c.service, c.node, reason, v);
    boolean restart = v.decision() == RecoveryDecision.RESTART;
    c.move(restart ? RECOVERING : STOPPING, reason);
    if (!stopPart(t, restart ? resource : null)) {
      return;
    }
    switch (v.decision()) {
      case RESTART ->
          c.post("restart", this::restart); // its own task: a new fault is a new failure
      case RELOCATE -> {
        c.events.ban(c.service, c.recovery.banAll(), reason);
        release("relocating after " + v.failures() + " failures");
      }
      case DISABLE -> {
        c.events.disable(c.service, reason);
        release("disabled by recovery policy");
      }
    }
  }

  private void restart() {
    if (c.machine.state() == RECOVERING && c.term() != null && !c.closed) {
      c.fenceAndStart();
    }
  }

  /** Agent shutdown: releases cleanly what this node owns, unless an emergency stop has it. */
  void shutdown() {
    c.closed = true;
    OwnershipTerm t = c.term();
    if (t != null) {
      t.cancel(ServiceController.MONITOR);
      ServiceState s = c.machine.state();
      if (s.owning() && s != ServiceState.SUSPENDED && s != ServiceState.EMERGENCY_STOP) {
        stopAndRelease("agent shutdown");
      }
    }
  }

  void stopAndRelease(String reason) {
    OwnershipTerm t = c.term();
    if (t != null) {
      t.cancel(ServiceController.MONITOR);
    }
    c.move(STOPPING, reason);
    if (stopTree()) {
      release(reason);
    }
  }

  /** Stops the tree gracefully; on failure escalates and returns false. */
  boolean stopTree() {
    return stopPart(c.term(), null);
  }

  /**
   * Stops {@code resource} and the resources after it for a restart in place, which then starts
   * from it while the others keep running (the tree may still run); the whole tree when {@code
   * resource} is null. On failure escalates and returns false.
   */
  private boolean stopPart(OwnershipTerm t, String resource) {
    if (t == null || t.tree() == null || !t.treeMayRun()) {
      return true;
    }
    try {
      if (resource == null) {
        t.tree().stopAll();
        t.treeMayRun(false);
      } else {
        t.tree().stopFrom(resource);
      }
      t.restartFrom(resource);
      return true;
    } catch (ResourceException e) {
      if (!c.suspended()) {
        abandon("stop failed (" + e.getMessage() + ")");
      }
      return false;
    }
  }

  /**
   * The safe way out of a c.term() that cannot end cleanly (a failed stop, an illegal move):
   * FAILED, emergency stop (self-fence if unconfirmed), ban, give up ownership uncleanly so that
   * the next owner fences this c.node, OFFLINE.
   */
  void abandon(String why) {
    OwnershipTerm t = c.term();
    c.move(FAILED, why + "; the next owner must fence this node");
    if (t != null) {
      boolean gone;
      try {
        gone = t.tree() == null || !t.treeMayRun() || t.tree().emergencyStopAll();
      } catch (RuntimeException e) {
        LOG.error("service {} on {}: emergency stop threw: {}", c.service, c.node, e, e);
        gone = false;
      }
      t.treeMayRun(false);
      if (!gone) {
        c.selfFence.fenceSelf(c.service, why + " and the emergency stop could not confirm cleanup");
      }
      c.events.ban(c.service, c.recovery.banWindow(), why);
      try {
        c.store.abandon(t.ownership());
      } catch (OwnershipException ex) {
        LOG.warn(
            "service {} on {}: could not delete owner node: {}", c.service, c.node, ex.toString());
      }
    }
    c.endTerm();
    c.move(OFFLINE, "ownership abandoned: " + why);
  }

  private void release(String reason) {
    OwnershipTerm t = c.term();
    try {
      c.store.release(t.ownership());
      c.endTerm();
      c.move(OFFLINE, "released cleanly: " + reason);
    } catch (OwnershipException e) {
      c.endTerm();
      c.move(OFFLINE, "release not recorded (" + e.getMessage() + "); next owner fences");
    }
    if (!c.closed) {
      c.reconcile();
    }
  }
}
