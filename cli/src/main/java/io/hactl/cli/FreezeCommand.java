package io.hactl.cli;

import picocli.CommandLine.Command;

/** Freeze a running service: no monitoring, no restart, no failover. */
@Command(
    name = "freeze",
    header = "Freeze a running service: no monitoring, no restart, no failover.",
    mixinStandardHelpOptions = true,
    description = {
      "Freeze a RUNNING service, for an upgrade in place: its owner keeps it (and its spool)",
      "but stops monitoring it; a daemon that dies is not restarted and the service is never",
      "moved, not even when its node is put in standby. `hactl status` shows FROZEN.",
      "Safety is not frozen: if the owner loses its ZooKeeper session, the emergency stop and",
      "fencing happen as always; the service then stays stopped until unfrozen (if the same",
      "owner re-proves its ownership at once, it restarts it and freezes it again).",
      "Relocate, restart, disable and enable are refused while frozen.",
      "Exit 0 when frozen, 5 on timeout, 6 when refused (not RUNNING)."
    })
final class FreezeCommand extends ServiceCommand {

  @Override
  public Integer call() throws Exception {
    return FreezeCommands.setFrozen(cluster, service, true, wait.timeout, wait.noWait);
  }
}
