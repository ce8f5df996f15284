package io.hactl.cli;

import io.hactl.agent.ExitCode;
import io.hactl.history.History;
import io.hactl.history.HistoryEvent;
import io.hactl.zk.Json;
import io.hactl.zk.ZkLayout;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.KeeperException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** Fencing commands for operators. */
@Command(
    name = "fence",
    mixinStandardHelpOptions = true,
    description = "Fencing by hand.",
    subcommands = {FenceCommand.Ack.class})
final class FenceCommand {

  @Command(
      name = "ack",
      header = "Confirm by hand that a node is dead (fence_ack_manual).",
      mixinStandardHelpOptions = true,
      description = {
        "Confirm that NODE is dead (powered off, or cut off from the storage), like",
        "fence_ack_manual. A service BLOCKED because fencing NODE failed then starts on its",
        "new owner at the next fence retry (a few seconds).",
        "",
        "DANGER: if NODE is in fact still running its daemon or has the spool mounted, this",
        "puts two owners on one spool and corrupts the job queue. Check the machine itself",
        "(console, power state) first. Refused while NODE's agent is connected.",
        "An acknowledgement only covers losses that happened before it."
      })
  static final class Ack implements Callable<Integer> {
    @Mixin ClusterOptions cluster;

    @Parameters(paramLabel = "NODE", description = "The node you have confirmed dead.")
    String node;

    @Override
    public Integer call() throws Exception {
      ZkLayout layout = cluster.layout();
      try (CuratorFramework client = cluster.connect()) {
        ClusterSnapshot snap = ClusterSnapshot.read(client, layout);
        Boolean up = snap.nodesUp().get(node);
        if (up == null) {
          throw new CliException(
              ExitCode.REFUSED, "no node " + node + " (nodes: " + snap.nodesUp().keySet() + ")");
        }
        if (up) {
          throw new CliException(
              ExitCode.REFUSED,
              "node " + node + " has a connected agent: it is not dead; not acknowledging");
        }
        String path = layout.fenceAck(node);
        try {
          client.delete().forPath(path);
        } catch (KeeperException.NoNodeException e) {
          // first acknowledgement of this node
        }
        String by = cluster.who();
        byte[] who =
            Json.write(Map.of("by", by, "osUser", String.valueOf(System.getProperty("user.name"))));
        client.create().creatingParentsIfNeeded().forPath(path, who);
        try {
          new History(client, layout, snap.config().cluster().historySize())
              .appendAndWait(
                  new HistoryEvent(
                      System.currentTimeMillis(),
                      by,
                      null,
                      "fence",
                      "operator "
                          + System.getProperty("user.name")
                          + " confirmed "
                          + node
                          + " dead (fence ack)"));
        } catch (java.io.IOException e) {
          System.err.println(
              "hactl: warning: the history does not record the acknowledgement: " + e.getMessage());
        }
        System.out.println(
            "acknowledged: "
                + node
                + " is dead. BLOCKED services waiting to fence it start at the"
                + " next retry; watch `hactl status`.");
        return ExitCode.OK.code();
      }
    }
  }
}
