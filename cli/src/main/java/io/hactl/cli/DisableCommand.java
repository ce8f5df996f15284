package io.hactl.cli;

import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Disables a service: its owner stops it and releases it cleanly. */
@Command(
    name = "disable",
    header = "Stop a service cleanly and keep it stopped.",
    mixinStandardHelpOptions = true,
    description = {
      "Disable a service: its owner stops it gracefully and releases it cleanly; no node",
      "starts it again until `hactl enable`. Waits until it is stopped.",
      "Exit 0 when stopped, 5 on timeout."
    })
final class DisableCommand implements Callable<Integer> {
  @Mixin ClusterOptions cluster;

  @Parameters(paramLabel = "SERVICE")
  String service;

  @Option(
      names = "--timeout",
      defaultValue = "5m",
      converter = DurationConverter.class,
      description = "How long to wait (default: ${DEFAULT-VALUE}).")
  Duration timeout;

  @Override
  public Integer call() throws Exception {
    return AdminCommands.setEnabled(cluster, service, false, timeout);
  }
}
