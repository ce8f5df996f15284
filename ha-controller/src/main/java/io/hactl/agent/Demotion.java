package io.hactl.agent;

import static io.hactl.agent.ServiceState.EMERGENCY_STOP;
import static io.hactl.agent.ServiceState.OFFLINE;
import static io.hactl.agent.ServiceState.SUSPENDED;

import io.hactl.ownership.OwnershipException;
import java.time.Duration;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DESIGN rule 4 for one {@link ServiceController}: on SUSPENDED, the emergency stop (TERM, grace,
 * KILL, unmount) runs at once on the {@code emergency} executor, so that a worker stuck in a slow
 * step cannot delay it; when it ends, the term is closed (its monitor and timers with it) and the
 * service waits, SUSPENDED, for the connection. On RECONNECTED it re-proves ownership before
 * starting anything again. An emergency stop that cannot confirm the daemon and mounts are gone
 * self-fences.
 */
final class Demotion {
  private static final Logger LOG = LoggerFactory.getLogger(Demotion.class);

  private final ServiceController c;
  private final Executor emergency;

  Demotion(ServiceController c, Executor emergency) {
    this.c = c;
    this.emergency = emergency;
  }

  /** Called on a Curator thread: flips the flag and posts work; never blocks, never throws. */
  void suspend() {
    OwnershipTerm t;
    try {
      synchronized (c.machine.lock) {
        c.suspended(true);
        t = c.term();
        ServiceState s = c.machine.state();
        if (t == null || s == SUSPENDED || s == EMERGENCY_STOP || !s.canMoveTo(EMERGENCY_STOP)) {
          return;
        }
        c.move(EMERGENCY_STOP, "ZooKeeper connection suspended");
      }
    } catch (RuntimeException e) {
      LOG.error("service {} on {}: suspending failed: {}", c.service, c.node, e.toString(), e);
      return;
    }
    long t0 = c.recovery.nanos();
    emergency.execute(
        () -> {
          boolean gone;
          try {
            ManagedTree tree = t.tree();
            gone = tree == null || !t.treeMayRun() || tree.emergencyStopAll();
          } catch (Throwable e) {
            LOG.error("service {} on {}: emergency stop threw: {}", c.service, c.node, e, e);
            gone = false;
          }
          t.treeMayRun(false);
          boolean confirmed = gone;
          Duration took = Duration.ofNanos(c.recovery.nanos() - t0);
          c.post("end of emergency stop", () -> afterEmergency(t, confirmed, took));
        });
  }

  void resume() {
    synchronized (c.machine.lock) {
      c.suspended(false);
    }
    c.post(
        "reconnection",
        () -> {
          if (c.machine.state() == SUSPENDED) {
            reproveAndRestart();
          } else {
            c.reconcile();
          }
        });
  }

  private void afterEmergency(OwnershipTerm t, boolean gone, Duration took) {
    if (c.term() != t) {
      return;
    }
    if (!gone) {
      LOG.error(
          "service {} on {}: emergency stop could not confirm the daemon and mounts are gone"
              + " after {} ms; self-fencing",
          c.service,
          c.node,
          took.toMillis());
      c.selfFence.fenceSelf(c.service, "emergency stop unconfirmed");
    }
    t.close();
    c.term(t.successor());
    c.move(
        SUSPENDED,
        "emergency stop " + (gone ? "done" : "UNCONFIRMED") + " in " + took.toMillis() + " ms");
    if (!c.suspended()) {
      reproveAndRestart();
    }
  }

  private void reproveAndRestart() {
    OwnershipTerm t = c.term();
    if (t == null) {
      c.move(OFFLINE, "no ownership to re-prove");
      c.reconcile();
      return;
    }
    try {
      t.proven(c.store.reprove(t.ownership()));
    } catch (OwnershipException e) {
      c.loseOwnership("ownership not re-proven after reconnection: " + e.getMessage());
      return;
    }
    c.fenceAndStart();
  }
}
