package io.hactl.agent;

import static io.hactl.agent.ServiceState.FROZEN;
import static io.hactl.agent.ServiceState.RECOVERING;
import static io.hactl.agent.ServiceState.RUNNING;

import io.hactl.placement.ClusterView;
import io.hactl.resource.TreeHealth;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What operators ask of a running {@link ServiceController} besides placement: freeze (stop
 * monitoring, restarting and failing over, hold ownership), unfreeze (the first check decides),
 * restart in place (an operator action, not a failure: nothing is counted), and clearing this
 * node's failures. Runs on the service's worker only, like {@link TermEnding}. It does not make a
 * frozen service survive a suspended connection: the emergency stop (rule 4) is not its business.
 */
final class Maintenance {
  private static final Logger LOG = LoggerFactory.getLogger(Maintenance.class);

  private final ServiceController c;

  /** Requests already taken up here, so that one is never carried out twice. */
  private final RecentIds handled = new RecentIds(64);

  private String restarting;

  Maintenance(ServiceController c) {
    this.c = c;
  }

  /**
   * The part of a reconcile that concerns a RUNNING or FROZEN owner that placement keeps here; true
   * when it acted (the caller then stops).
   */
  boolean reconcileOwner(ClusterView view) {
    ServiceState s = c.machine.state();
    if (s == FROZEN) {
      if (!view.frozen()) {
        unfreeze();
      }
      return true;
    }
    if (s != RUNNING) {
      return false;
    }
    if (restarting != null) {
      c.events.answer(c.service, restarting, true, "restarted in place on " + c.node);
      restarting = null;
    }
    if (view.frozen()) {
      freeze();
      return true;
    }
    var restart = view.restart().filter(r -> r.on().equals(c.node));
    if (restart.isPresent() && handled.firstTime(restart.get().id())) {
      restart(restart.get().id());
      return true;
    }
    return false;
  }

  private void freeze() {
    OwnershipTerm t = c.term();
    if (t != null) {
      t.cancel(ServiceController.MONITOR);
    }
    c.move(FROZEN, "frozen by an operator: no monitoring, no restart, no failover");
  }

  private void unfreeze() {
    OwnershipTerm t = c.term();
    if (t == null || t.tree() == null) {
      return;
    }
    TreeHealth health = t.tree().monitorAll();
    if (!health.healthy()) {
      c.ending.handleFailure(
          "first check after unfreeze: " + health.describe(), health.severity(), health.resource());
      return;
    }
    synchronized (c.machine.lock) {
      if (c.suspended() || c.term() != t) {
        return;
      }
      c.machine.checkedNow();
      c.move(RUNNING, "unfrozen: first check healthy, monitoring resumed");
    }
    c.monitor(t);
  }

  private void restart(String id) {
    OwnershipTerm t = c.term();
    t.cancel(ServiceController.MONITOR);
    LOG.info("service {} on {}: operator restart ({})", c.service, c.node, id);
    c.move(RECOVERING, "restart in place asked by an operator (" + id + ")");
    if (!c.ending.stopTree()) {
      return;
    }
    restarting = id;
    c.post(
        "operator restart",
        () -> {
          if (c.machine.state() == RECOVERING && c.term() == t && !c.closed) {
            c.fenceAndStart();
          }
        });
  }

  /** An operator cleared this node's failures: forget them and the local ban (if unseen). */
  void clear(String id, String why) {
    if (!handled.firstTime(id)) {
      return;
    }
    c.recovery.clear();
    c.machine.failures(0);
    c.events.liftBan(c.service, c.node);
    c.events.answer(c.service, id, true, "failures and ban of " + c.node + " cleared: " + why);
  }
}
