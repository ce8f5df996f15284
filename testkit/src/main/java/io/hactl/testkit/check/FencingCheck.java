package io.hactl.testkit.check;

import java.util.ArrayList;
import java.util.List;

/**
 * DESIGN rule 3 from outside: while a lost owner's fence device is broken, no other node takes the
 * service; and a clean hand-off powers nobody off.
 */
final class FencingCheck {
  private FencingCheck() {}

  static List<Violation> check(Timeline t) {
    List<Violation> out = new ArrayList<>();
    for (Expectation e : t.expectations()) {
      if (e instanceof Expectation.NoTakeover n) {
        noTakeover(t, n, out);
      } else if (e instanceof Expectation.NoFence n) {
        noFence(t, n, out);
      }
    }
    return out;
  }

  private static void noTakeover(Timeline t, Expectation.NoTakeover n, List<Violation> out) {
    for (Sample s : t.during(n.from(), n.to())) {
      for (String node : t.nodes()) {
        if (!node.equals(n.victim()) && s.node(node).touchesService()) {
          out.add(
              new Violation(
                  Violation.Kind.TAKEOVER_WITHOUT_FENCE,
                  Math.max(n.from(), s.nanos()),
                  String.format(
                      "%s: %s took the service at %s while %s was unfenced (%s..%s): %s",
                      n.label(),
                      node,
                      t.rel(Math.max(n.from(), s.nanos())),
                      n.victim(),
                      t.rel(n.from()),
                      t.rel(n.to()),
                      s)));
          return;
        }
      }
    }
  }

  private static void noFence(Timeline t, Expectation.NoFence n, List<Violation> out) {
    for (BmcEvent p : t.power()) {
      boolean offRequest = p.kind() != BmcEvent.Kind.POWER_ON;
      if (offRequest && p.nanos() >= n.from() && p.nanos() <= n.to()) {
        out.add(
            new Violation(
                Violation.Kind.UNEXPECTED_FENCE,
                p.nanos(),
                String.format(
                    "%s: BMC of %s asked to power off at %s (%s)",
                    n.label(), p.node(), t.rel(p.nanos()), p.detail())));
      }
    }
  }
}
