package io.hactl.resource.ocf;

import io.hactl.process.ProcessResult;
import io.hactl.resource.Severity;

/**
 * How one run of an OCF action ended.
 *
 * @param action the action, e.g. {@code monitor}
 * @param code the exit code; {@link OcfExitCode#ERR_GENERIC} when the run timed out or could not
 *     start
 * @param process the run itself (status, timeout, last output)
 */
public record OcfResult(String action, OcfExitCode code, ProcessResult process) {

  /** Interprets a finished run: a timeout or a failure to start is a soft generic error. */
  static OcfResult of(String action, ProcessResult r) {
    OcfExitCode code =
        r.timedOut() || r.error() != null ? OcfExitCode.ERR_GENERIC : OcfExitCode.of(r.exitCode());
    return new OcfResult(action, code, r);
  }

  /** The run passed its deadline (DESIGN rule 5: a failure, whatever the agent did later). */
  public boolean timedOut() {
    return process.timedOut();
  }

  /** Exited {@link OcfExitCode#SUCCESS} within the deadline. */
  public boolean succeeded() {
    return code == OcfExitCode.SUCCESS && !timedOut() && process.error() == null;
  }

  /** How far a failure reaches: a timeout or a start error is soft, else the code's. */
  public Severity severity() {
    return timedOut() || process.error() != null ? Severity.SOFT : code.severity();
  }

  /** For operators: the action, the code by name and the agent's last line. */
  public String describe() {
    if (timedOut() || process.error() != null) {
      return process.describe();
    }
    String last =
        process.output().isEmpty()
            ? ""
            : " (last output: " + process.output().get(process.output().size() - 1) + ")";
    String raw = code.code() == process.exitCode() ? "" : ", status " + process.exitCode();
    return action
        + " returned "
        + code.describe()
        + raw
        + " after "
        + process.elapsed().toMillis()
        + " ms"
        + last;
  }
}
