package io.hactl.testkit.check;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * DESIGN rule 1 from outside: no sample with two nodes holding the spool mount, two daemons alive,
 * or a daemon on a node without the spool. Each condition is reported once per episode (when it
 * starts), not once per sample. What happened between two scans is not seen.
 */
public final class SafetyCheck {
  private SafetyCheck() {}

  /** Every safety rule: one mount, one daemon, no daemon without the spool. */
  public static List<Violation> check(Timeline t) {
    return check(t, true);
  }

  /**
   * @param spoolMounted whether the service has a spool mount; without one (nodes sharing one
   *     directory) only {@code TWO_DAEMONS} can be checked, and a daemon never has the spool
   */
  public static List<Violation> check(Timeline t, boolean spoolMounted) {
    List<Violation> out = new ArrayList<>();
    boolean twoMounts = false;
    boolean twoDaemons = false;
    boolean orphan = false;
    for (Sample s : t.samples()) {
      List<String> holders = s.mountHolders();
      if (holders.size() > 1 && !twoMounts) {
        out.add(violation(Violation.Kind.TWO_MOUNTS, t, s, "spool mounted on " + holders));
      }
      twoMounts = holders.size() > 1;
      int daemons = s.daemonCount();
      if (daemons > 1 && !twoDaemons) {
        out.add(violation(Violation.Kind.TWO_DAEMONS, t, s, daemons + " daemons alive"));
      }
      twoDaemons = daemons > 1;
      List<String> orphans = orphans(s);
      if (spoolMounted && !orphans.isEmpty() && !orphan) {
        out.add(
            violation(
                Violation.Kind.DAEMON_WITHOUT_SPOOL, t, s, "daemon without spool on " + orphans));
      }
      orphan = !orphans.isEmpty();
    }
    return out;
  }

  private static List<String> orphans(Sample s) {
    return s.nodes().entrySet().stream()
        .filter(e -> !e.getValue().daemons().isEmpty() && !e.getValue().mountedAtScan())
        .map(Map.Entry::getKey)
        .sorted()
        .toList();
  }

  private static Violation violation(Violation.Kind k, Timeline t, Sample s, String what) {
    return new Violation(k, s.nanos(), what + " at " + t.rel(s.nanos()) + ": " + s);
  }
}
