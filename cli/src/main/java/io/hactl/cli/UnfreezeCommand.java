package io.hactl.cli;

import picocli.CommandLine.Command;

/** Unfreeze a service: monitoring resumes, the first check decides. */
@Command(
    name = "unfreeze",
    header = "Unfreeze a service: monitoring resumes, the first check decides.",
    mixinStandardHelpOptions = true,
    description = {
      "Unfreeze a frozen service: its owner checks every resource at once; healthy, it is",
      "RUNNING and monitored again; otherwise the recovery policy acts as for any failure",
      "(restart in place, relocate, disable). A service that was stopped while frozen (lost",
      "session) is started by placement. Exit 0 when it runs again, 5 on timeout."
    })
final class UnfreezeCommand extends ServiceCommand {

  @Override
  public Integer call() throws Exception {
    return FreezeCommands.setFrozen(cluster, service, false, wait.timeout, wait.noWait);
  }
}
