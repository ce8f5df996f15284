package io.hactl.agent;

import static io.hactl.agent.ServiceState.ACQUIRING;
import static io.hactl.agent.ServiceState.FAILED;
import static io.hactl.agent.ServiceState.OFFLINE;

import io.hactl.recovery.RecoveryDecision;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes sure no failure of a service's task goes unseen (DESIGN rule 9): every task a {@link
 * ServiceController} runs is wrapped; an unexpected {@code Throwable} is logged with its stack at
 * ERROR, recorded in the history, and handled like any other failure. Owning: the recovery policy
 * (restart, relocate, disable). Stopping or after an illegal move: the safe way out (emergency
 * stop, unclean release, the next owner fences). Not owning: counted, and a node that keeps failing
 * keeps itself off the service for a window. If handling the failure fails too, the term is closed
 * (which emergency-stops what may run) and the state is forced to {@link ServiceState#OFFLINE}.
 */
final class FaultHandler {
  private static final Logger LOG = LoggerFactory.getLogger(FaultHandler.class);

  private final ServiceController c;

  FaultHandler(ServiceController c) {
    this.c = c;
  }

  /** {@code body} wrapped so that nothing it throws escapes unhandled. */
  Runnable guard(String step, Runnable body) {
    return () -> {
      try {
        body.run();
      } catch (ServiceMachine.Superseded s) {
        LOG.info("service {} on {}: {} ends: {}", c.service, c.node, step, s.getMessage());
      } catch (Throwable e) {
        fault(step, e);
      }
    };
  }

  private void fault(String step, Throwable e) {
    ServiceState at = c.machine.state();
    LOG.error(
        "service {} on {}: unexpected failure in {} while {}: {}",
        c.service,
        c.node,
        step,
        at,
        e.toString(),
        e);
    record("unexpected " + e + " in " + step + " while " + at);
    try {
      if (e instanceof IllegalTransitionException) {
        safeStop(e.getMessage());
      } else {
        recover(
            at,
            "unexpected " + e.getClass().getSimpleName() + " in " + step + ": " + e.getMessage());
      }
    } catch (ServiceMachine.Superseded s) {
      LOG.info("service {} on {}: failure handling ends: {}", c.service, c.node, s.getMessage());
    } catch (Throwable again) {
      LOG.error(
          "service {} on {}: handling that failure failed too: {}; ending the term",
          c.service,
          c.node,
          again.toString(),
          again);
      record("handling a failure failed: " + again + "; term ended, state forced to OFFLINE");
      lastResort(again.toString());
    }
  }

  private void recover(ServiceState at, String reason) {
    OwnershipTerm t = c.term();
    switch (at) {
      case OFFLINE, ACQUIRING -> {
        if (t != null) {
          c.ending.handleFailure(reason);
        } else {
          notOwning(at, reason);
        }
      }
      case SUSPENDED -> {
        if (!c.suspended()) {
          c.ending.handleFailure(reason); // failed while re-proving or restarting
        }
      }
      case STOPPING, RECOVERING -> c.ending.abandon(reason + " while stopping");
      case EMERGENCY_STOP, FAILED -> lastResort(reason);
      default -> c.ending.handleFailure(reason);
    }
  }

  private void notOwning(ServiceState at, String reason) {
    Recovery.Verdict v = c.recovery.failure();
    c.machine.failures(v);
    LOG.warn("service {} on {}: {}; {}", c.service, c.node, reason, v);
    if (v.decision() != RecoveryDecision.RESTART) {
      c.events.ban(c.service, c.recovery.banAll(), reason);
    }
    if (at == ACQUIRING) {
      c.move(OFFLINE, reason);
    }
  }

  private void safeStop(String why) {
    if (c.term() != null && c.machine.state().canMoveTo(FAILED)) {
      c.ending.abandon(why);
    } else if (c.term() != null || c.machine.state() != OFFLINE) {
      lastResort(why);
    }
  }

  /** Ends the term (its close emergency-stops what may run) and forces OFFLINE. */
  private void lastResort(String why) {
    OwnershipTerm t = c.term();
    try {
      c.endTerm();
      if (t != null && t.treeMayRun()) {
        c.selfFence.fenceSelf(c.service, why + "; emergency stop unconfirmed");
      }
      if (t != null) {
        c.store.abandon(t.ownership());
      }
    } catch (Throwable e) {
      LOG.error("service {} on {}: last resort: {}", c.service, c.node, e.toString(), e);
    }
    c.machine.force(OFFLINE, why);
  }

  private void record(String message) {
    try {
      c.events.event(c.service, "error", message);
    } catch (RuntimeException e) {
      LOG.error("service {} on {}: could not record: {}", c.service, c.node, e.toString());
    }
  }
}
