package io.hactl.fencing;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How one fence call, or the fencing of a whole node, ended. Only {@code success} confirms that a
 * node was cut off; a timeout, a missing agent and any non-zero exit are failures. Secrets are
 * already masked in {@code detail} and {@code output}.
 *
 * @param success the action was confirmed (exit 0; for {@code status}, 0 or 2)
 * @param detail one operator-readable line: node, device, what happened, last output line
 * @param elapsed monotonic time the call (or the whole fencing) took
 * @param action the action that was run
 * @param exitCode the agent's exit status, or -1 when it timed out, did not start or was not run
 * @param timedOut the deadline passed and the agent was killed
 * @param output the last lines the agent printed, oldest first (empty if it did not run)
 */
public record FenceOutcome(
    boolean success,
    String detail,
    Duration elapsed,
    FenceAction action,
    int exitCode,
    boolean timedOut,
    List<String> output) {

  /** The power state a {@code status} call reported. */
  public enum Power {
    ON,
    OFF,
    /** Not a successful status call. */
    UNKNOWN
  }

  public FenceOutcome {
    Objects.requireNonNull(detail, "detail");
    Objects.requireNonNull(elapsed, "elapsed");
    Objects.requireNonNull(action, "action");
    output = List.copyOf(output);
  }

  /** A failure that ran no program (nothing configured, agent missing, interrupted). */
  public static FenceOutcome notRun(FenceAction action, String detail, Duration elapsed) {
    return new FenceOutcome(false, detail, elapsed, action, -1, false, List.of());
  }

  /** The same outcome with another detail line. */
  public FenceOutcome withDetail(String newDetail) {
    return new FenceOutcome(success, newDetail, elapsed, action, exitCode, timedOut, output);
  }

  /** For a successful {@code status} call, what it reported; otherwise {@link Power#UNKNOWN}. */
  public Power power() {
    if (action != FenceAction.STATUS || !success) {
      return Power.UNKNOWN;
    }
    return exitCode == FenceAction.STATUS_OFF_EXIT ? Power.OFF : Power.ON;
  }
}
