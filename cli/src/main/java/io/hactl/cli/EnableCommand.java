package io.hactl.cli;

import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Enables a service and waits until it runs. */
@Command(
    name = "enable",
    header = "Enable a service and wait until it runs.",
    mixinStandardHelpOptions = true,
    description = {
      "Enable a service: placement gives it to the best eligible node, which starts it.",
      "Waits until it runs. Exit 0 when running, 5 on timeout, 1 if it is BLOCKED."
    })
final class EnableCommand implements Callable<Integer> {
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
    return AdminCommands.setEnabled(cluster, service, true, timeout);
  }
}
