package io.hactl.cli;

import java.time.Duration;
import picocli.CommandLine.Option;

/** The options of every command that waits for the cluster to carry out what it asked. */
final class WaitOptions {
  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      defaultValue = "5m",
      converter = DurationConverter.class,
      description = "How long to wait for the outcome (default: ${DEFAULT-VALUE}).")
  Duration timeout;

  @Option(
      names = "--no-wait",
      description = "Return once the request is stored; a request expires after --timeout.")
  boolean noWait;
}
