package io.hactl.process;

import java.time.Duration;
import java.util.List;

/**
 * How a bounded run ended.
 *
 * @param label the spec's label
 * @param pid the child's pid, or -1 if it never started
 * @param exitCode the exit status, or -1 when the run timed out or could not start
 * @param timedOut the deadline passed before the child exited (a failure, whatever it did later)
 * @param elapsed time from start to exit or to giving up
 * @param output the last lines the child wrote (stdout and stderr merged)
 * @param error why the child could not be started, or {@code null}
 */
public record ProcessResult(
    String label,
    long pid,
    int exitCode,
    boolean timedOut,
    Duration elapsed,
    List<String> output,
    String error) {

  public ProcessResult {
    output = List.copyOf(output);
  }

  /** True when the child exited with status 0 inside its deadline. */
  public boolean succeeded() {
    return !timedOut && error == null && exitCode == 0;
  }

  /** One line for logs and operator messages: what happened and the last line of output. */
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
