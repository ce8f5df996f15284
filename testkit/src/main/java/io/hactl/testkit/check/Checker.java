package io.hactl.testkit.check;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Checks a timeline against hactl's rules as seen from outside: safety (one owner), epochs,
 * liveness after each fault, fencing, and the observer's own coverage. It reports every violation
 * it finds, in time order; an empty list means none was seen, not that none happened between scans.
 */
public final class Checker {
  private final Duration maxBlind;

  /**
   * @param maxBlind longest observer gap that still counts as covered
   */
  public Checker(Duration maxBlind) {
    this.maxBlind = maxBlind;
  }

  public List<Violation> check(Timeline t) {
    List<Violation> all = new ArrayList<>();
    all.addAll(SafetyCheck.check(t));
    all.addAll(HeartbeatCheck.check(t));
    all.addAll(LivenessCheck.check(t));
    all.addAll(FencingCheck.check(t));
    for (Gap g : t.gaps()) {
      if (g.nanos() > maxBlind.toNanos()) {
        all.add(
            new Violation(
                Violation.Kind.OBSERVER_BLIND,
                g.from(),
                String.format(
                    "no scan for %d ms from %s (allowed %d ms)",
                    g.nanos() / 1_000_000, t.rel(g.from()), maxBlind.toMillis())));
      }
    }
    all.sort(Comparator.comparingLong(Violation::nanos));
    return all;
  }
}
