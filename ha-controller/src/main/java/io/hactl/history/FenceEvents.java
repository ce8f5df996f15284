package io.hactl.history;

import io.hactl.fencing.FenceAttempt;
import java.util.regex.Pattern;

/**
 * The history's words for fencing: every device call of a fence (by an agent taking a service over,
 * or by an operator's {@code hactl fence NODE}) is one event of kind {@value #KIND}, failed or not,
 * whose message names the node as {@code "node NODE"}, so that {@code hactl fence history NODE}
 * finds it. Stateless.
 */
public final class FenceEvents {
  /** The kind of every fencing event. */
  public static final String KIND = "fence";

  private FenceEvents() {}

  /** The message of one device call; the detail already names the node, level and device. */
  public static String attempt(FenceAttempt a) {
    return (a.outcome().success() ? "fence attempt ok: " : "fence attempt FAILED: ")
        + a.outcome().detail();
  }

  /** Whether {@code e} is a fencing event about {@code node} (any node when null). */
  public static boolean about(HistoryEvent e, String node) {
    if (!KIND.equals(e.kind()) || e.message() == null) {
      return false;
    }
    return node == null
        || Pattern.compile("\\bnode " + Pattern.quote(node) + "(?![A-Za-z0-9_-])")
            .matcher(e.message())
            .find();
  }
}
