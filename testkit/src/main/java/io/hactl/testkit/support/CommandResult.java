package io.hactl.testkit.support;

import java.time.Duration;
import java.util.List;

/**
 * How one short command run by {@link Shell} ended.
 *
 * @param label the command's first words, for messages
 * @param exitCode the exit status, or -1 when it timed out or could not start
 * @param timedOut the deadline passed before the command exited
 * @param elapsed time from start to exit or to giving up
 * @param output the last lines it wrote (stdout and stderr merged)
 * @param error why it could not be started, or {@code null}
 */
public record CommandResult(
    String label,
    int exitCode,
    boolean timedOut,
    Duration elapsed,
    List<String> output,
    String error) {

  public CommandResult {
    output = List.copyOf(output);
  }

  /** True when the command exited with status 0 inside its deadline. */
  public boolean succeeded() {
    return !timedOut && error == null && exitCode == 0;
  }

  /** One line for logs and messages: what happened and the last line of output. */
  public String describe() {
    String how;
    if (error != null) {
      how = "could not start: " + error;
    } else if (timedOut) {
      how = "timed out after " + elapsed.toMillis() + " ms";
    } else {
      how = "exit " + exitCode + " after " + elapsed.toMillis() + " ms";
    }
    String last = output.isEmpty() ? "" : " (last output: " + output.get(output.size() - 1) + ")";
    return label + ": " + how + last;
  }
}
