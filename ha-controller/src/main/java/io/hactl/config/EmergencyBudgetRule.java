package io.hactl.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The configuration check of DESIGN rule 4: a service's emergency stop (TERM, grace, KILL, unmount,
 * for every resource in turn) must fit in a third of the cluster's session timeout. It checks the
 * requested timeout only; ZooKeeper may negotiate a shorter one, which the agent must check again.
 */
public final class EmergencyBudgetRule {
  private EmergencyBudgetRule() {}

  /** The longest emergency stop a session timeout allows: a third of it. */
  public static Duration limit(Duration sessionTimeout) {
    return sessionTimeout.dividedBy(3);
  }

  /** Whether {@code service}'s emergency stop fits a third of {@code sessionTimeout}. */
  public static boolean fits(ServiceConfig service, Duration sessionTimeout) {
    return service.emergencyStopBudget().compareTo(limit(sessionTimeout)) <= 0;
  }

  /** Reports at {@code path} when {@code service} cannot stop in time; returns whether it fits. */
  static boolean check(
      String path, ServiceConfig service, Duration sessionTimeout, Problems problems) {
    if (fits(service, sessionTimeout)) {
      return true;
    }
    Duration budget = service.emergencyStopBudget();
    Duration limit = limit(sessionTimeout);
    problems.add(
        path,
        "emergency stop budget "
            + Durations.format(budget)
            + " exceeds "
            + Durations.format(limit)
            + ", a third of cluster.sessionTimeout "
            + Durations.format(sessionTimeout)
            + " (after a ZooKeeper suspension the owner must have stopped the service before its"
            + " session can expire); budget = "
            + breakdown(service)
            + "; lower termGrace/unmountTimeout or raise cluster.sessionTimeout to at least "
            + Durations.format(budget.multipliedBy(3)));
    return false;
  }

  /** Each resource's share, in stop order (children first). */
  private static String breakdown(ServiceConfig service) {
    List<ResourceConfig> stopOrder = new ArrayList<>(service.startOrder());
    Collections.reverse(stopOrder);
    List<String> parts = new ArrayList<>();
    for (ResourceConfig r : stopOrder) {
      parts.add(r.name() + " " + Durations.format(r.emergencyBudget()) + " (" + terms(r) + ")");
    }
    return String.join(" + ", parts);
  }

  private static String terms(ResourceConfig r) {
    if (r instanceof FsResourceConfig fs) {
      return "termGrace "
          + Durations.format(fs.termGrace())
          + " + kill wait "
          + Durations.format(FsResourceConfig.KILL_WAIT)
          + " + unmountTimeout "
          + Durations.format(fs.unmountTimeout());
    }
    if (r instanceof OcfResourceConfig ocf) {
      return "emergencyStopTimeout "
          + Durations.format(ocf.emergencyStopTimeout())
          + " of "
          + ocf.id()
          + " stop + kill wait "
          + Durations.format(OcfResourceConfig.KILL_WAIT);
    }
    ExecResourceConfig exec = (ExecResourceConfig) r;
    return "termGrace "
        + Durations.format(exec.termGrace())
        + " + kill wait "
        + Durations.format(ExecResourceConfig.KILL_WAIT);
  }
}
