package io.hactl.itests.support;

import io.hactl.process.ProcessResult;
import io.hactl.process.ProcessRunner;
import io.hactl.process.ProcessSpec;
import java.time.Duration;
import java.util.List;

/**
 * Runs short harness commands ({@code ip}, {@code iptables}, {@code kill}) to completion with a
 * deadline, through the project's {@link ProcessRunner}. It does not run long-lived children: those
 * are {@link Daemon}s.
 */
public final class Shell {
  private final ProcessRunner runner = new ProcessRunner();
  private final Duration timeout;

  public Shell(Duration timeout) {
    this.timeout = timeout;
  }

  /** Runs the command; returns its result whatever the outcome. */
  public ProcessResult tryRun(List<String> command) {
    return runner.run(ProcessSpec.of(label(command), timeout, command));
  }

  /** Runs the command with stdin; returns its result whatever the outcome. */
  public ProcessResult tryRun(List<String> command, String stdin) {
    return runner.run(ProcessSpec.of(label(command), timeout, command).withStdin(stdin));
  }

  /** Runs the command and returns its output; throws when it fails or times out. */
  public List<String> run(List<String> command) {
    ProcessResult r = tryRun(command);
    if (!r.succeeded()) {
      throw new HarnessException(String.join(" ", command) + ": " + r.describe());
    }
    return r.output();
  }

  /** Convenience for {@link #run(List)}. */
  public List<String> run(String... command) {
    return run(List.of(command));
  }

  private static String label(List<String> command) {
    return command.size() > 1 ? command.get(0) + " " + command.get(1) : command.get(0);
  }
}
