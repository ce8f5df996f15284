package io.hactl.testkit.check;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * Liveness: after each fault, exactly one node runs the service no later than the deadline the
 * fault set (session timeout + fence time + start time + margin, or the relevant subset).
 */
final class LivenessCheck {
  private LivenessCheck() {}

  static List<Violation> check(Timeline t) {
    List<Violation> out = new ArrayList<>();
    for (Expectation e : t.expectations()) {
      if (e instanceof Expectation.Recovery r) {
        OptionalLong at = t.recoveredAt(r);
        if (at.isEmpty()) {
          String why =
              t.end() < r.deadline()
                  ? "observation ended at " + t.rel(t.end()) + " before the deadline"
                  : "state at the deadline: " + t.at(r.deadline());
          out.add(
              new Violation(
                  Violation.Kind.NOT_RECOVERED,
                  r.deadline(),
                  String.format(
                      "%s: no single runner%s between %s and %s; %s",
                      r.label(), r.where(), t.rel(r.from()), t.rel(r.deadline()), why)));
        }
      }
    }
    return out;
  }
}
