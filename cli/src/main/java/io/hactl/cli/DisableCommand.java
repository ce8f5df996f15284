package io.hactl.cli;

import picocli.CommandLine.Command;

/** Disables a service: its owner stops it and releases it cleanly. */
@Command(
    name = "disable",
    header = "Stop a service cleanly and keep it stopped.",
    mixinStandardHelpOptions = true,
    description = {
      "Disable a service: its owner stops it gracefully and releases it cleanly; no node",
      "starts it again until `hactl enable`. Pending requests of the service are withdrawn.",
      "A frozen service is refused: unfreeze it first. Waits until it is stopped.",
      "Exit 0 when stopped, 5 on timeout."
    })
final class DisableCommand extends ServiceCommand {

  @Override
  public Integer call() throws Exception {
    return AdminCommands.setEnabled(cluster, service, false, null, wait.timeout, wait.noWait);
  }
}
