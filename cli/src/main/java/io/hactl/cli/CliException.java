package io.hactl.cli;

import io.hactl.agent.ExitCode;

/** A command failed in a way the operator must hear about; carries the exit status. */
final class CliException extends Exception {
  private final ExitCode exitCode;

  CliException(ExitCode exitCode, String message) {
    super(message);
    this.exitCode = exitCode;
  }

  ExitCode exitCode() {
    return exitCode;
  }
}
