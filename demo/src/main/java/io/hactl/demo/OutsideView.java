package io.hactl.demo;

import io.hactl.testkit.check.SafetyCheck;
import io.hactl.testkit.check.Timeline;
import io.hactl.testkit.check.Violation;
import java.util.List;

/**
 * What the test kit's outside observer concluded about DESIGN rule 1 over the whole demo: how many
 * scans of the process and mount tables it made, and every episode of two nodes holding the spool
 * or two schedulers alive at once. What happened between two scans is not seen.
 *
 * @param scans how many times the observer read the tables
 * @param violations what the one-owner check found, in time order (none: the rule held)
 */
record OutsideView(long scans, List<Violation> violations) {
  OutsideView {
    violations = List.copyOf(violations);
  }

  /** The one-owner check of {@code timeline}; without mounts only two schedulers can be seen. */
  static OutsideView check(Timeline timeline, boolean mounts, long scans) {
    return new OutsideView(scans, SafetyCheck.check(timeline, mounts));
  }
}
