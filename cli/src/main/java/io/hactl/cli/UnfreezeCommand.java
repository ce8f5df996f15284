package io.hactl.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

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
final class UnfreezeCommand implements Callable<Integer> {
  @Mixin ClusterOptions cluster;

  @Parameters(paramLabel = "SERVICE")
  String service;

  @Mixin WaitOptions wait;

  @Override
  public Integer call() throws Exception {
    return FreezeCommands.setFrozen(cluster, service, false, wait.timeout, wait.noWait);
  }
}
