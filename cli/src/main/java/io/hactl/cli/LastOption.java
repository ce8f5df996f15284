package io.hactl.cli;

import io.hactl.agent.ExitCode;
import picocli.CommandLine.Option;

/** {@code -n/--last N} of the commands that print the newest history events. */
final class LastOption {
  @Option(
      names = {"-n", "--last"},
      paramLabel = "N",
      defaultValue = "50",
      description = "How many of the newest matching events (default: ${DEFAULT-VALUE}).")
  int last;

  /** N, refused (exit 2) below 1. */
  int count() throws CliException {
    if (last < 1) {
      throw new CliException(ExitCode.USAGE, "--last must be at least 1 (got " + last + ")");
    }
    return last;
  }
}
