package io.hactl.cli;

import io.hactl.agent.ExitCode;
import io.hactl.zk.ZkLayout;
import java.util.concurrent.Callable;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.KeeperException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Removes a service's corrupt admin node, the repair that status and the commands point to. */
@Command(
    name = "clear-request",
    header = "Remove a service's corrupt request node (admin state).",
    mixinStandardHelpOptions = true,
    description = {
      "Delete the admin node of SERVICE (its enabled override and frozen flag) when it",
      "is corrupt, as `hactl status` reports it. The service then follows its configuration's",
      "`enabled`; use `hactl disable` afterwards to keep it off. A valid admin node is kept",
      "unless --force is given. Needs the admin identity; recorded in the history.",
      "Pending one-shot requests (relocate, restart, clear) are listed and removed with",
      "`hactl requests` and `hactl requests cancel`."
    })
final class ClearRequestCommand implements Callable<Integer> {
  @Mixin ClusterOptions cluster;

  @Parameters(paramLabel = "SERVICE", description = "The service whose request node to clear.")
  String service;

  @Option(names = "--force", description = "Clear it even when it is valid.")
  boolean force;

  @Override
  public Integer call() throws Exception {
    ZkLayout layout = cluster.layout();
    try (CuratorFramework client = cluster.connect()) {
      ClusterSnapshot snap = ClusterSnapshot.read(client, layout, cluster::localConfig);
      ClusterSnapshot.ServiceView v = snap.service(service);
      String path = layout.admin(service);
      boolean corrupt = v.corrupt().stream().anyMatch(c -> c.contains(path + ":"));
      if (!corrupt && !force) {
        throw new CliException(
            ExitCode.REFUSED,
            path + " is valid (or absent); nothing to clear (give --force to clear it anyway)");
      }
      try {
        client.delete().forPath(path);
      } catch (KeeperException.NoNodeException e) {
        System.out.println(path + ": already gone");
        return ExitCode.OK.code();
      }
      cluster.record(
          client,
          snap.config(),
          service,
          "clear-request " + service + (corrupt ? " (corrupt admin node)" : " (forced)"));
      System.out.println(
          "cleared "
              + path
              + ": "
              + service
              + " now follows its configuration (enabled: "
              + snap.config().services().get(service).enabled()
              + ")");
      return ExitCode.OK.code();
    }
  }
}
