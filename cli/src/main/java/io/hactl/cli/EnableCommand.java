package io.hactl.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Enables a service and waits until it runs. */
@Command(
    name = "enable",
    header = "Enable a service and wait until it runs.",
    mixinStandardHelpOptions = true,
    description = {
      "Enable a service: placement gives it to the best eligible node, which starts it.",
      "With --on NODE it starts there (refused at once if NODE cannot take it). Pending",
      "requests of the service are withdrawn. Waits until it runs.",
      "Exit 0 when running, 5 on timeout, 1 if it is BLOCKED, 6 when refused."
    })
final class EnableCommand extends ServiceCommand {

  @Option(
      names = "--on",
      paramLabel = "NODE",
      description = "Start it on NODE (must be up and eligible) instead of the best node.")
  String on;

  @Override
  public Integer call() throws Exception {
    return AdminCommands.setEnabled(cluster, service, true, on, wait.timeout, wait.noWait);
  }
}
