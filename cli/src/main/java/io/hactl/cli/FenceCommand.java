package io.hactl.cli;

import io.hactl.agent.ConfiguredFencing;
import io.hactl.agent.ExitCode;
import io.hactl.config.ClusterConfig;
import io.hactl.config.NodeConfig;
import io.hactl.fencing.FenceAttempt;
import io.hactl.fencing.FenceTarget;
import io.hactl.fencing.NodeFenceResult;
import io.hactl.fencing.NodeFencer;
import io.hactl.fencing.agents.FenceAgentsAdapter;
import io.hactl.history.FenceEvents;
import io.hactl.history.History;
import io.hactl.history.HistoryEvent;
import io.hactl.process.ProcessRunner;
import io.hactl.zk.Json;
import io.hactl.zk.ZkLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.KeeperException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code hactl fence NODE}: fences a node from this machine, and the fencing subcommands. */
@Command(
    name = "fence",
    header = "Fence a node now; check, list and acknowledge fencing.",
    mixinStandardHelpOptions = true,
    description = {
      "Fence NODE now through its fence levels, from THIS machine (levels in order; a level",
      "succeeds when all its devices do), after you type NODE's name to confirm (or --yes).",
      "This command runs the fence agents itself, so it must run where they and the devices'",
      "secret files are (a node, as root). Every device attempt, failed or not, is recorded in",
      "the history (`hactl fence history NODE`). A service that NODE owned is taken over by",
      "another node, which fences NODE again (rule 3) before starting it.",
      "If NODE is this machine, the command says so before asking: fencing it ends this",
      "command too.",
      "",
      "Exit 0 fenced; 1 every level failed; 6 refused or not confirmed; 2 no such node."
    },
    subcommands = {FenceCommand.Ack.class, FenceTestCommand.class, FenceHistoryCommand.class})
final class FenceCommand implements Callable<Integer> {
  @Mixin ClusterOptions cluster;

  @Parameters(
      paramLabel = "NODE",
      arity = "0..1",
      description = "The node to fence (power off or reboot, per its devices).")
  String node;

  @Option(names = "--yes", description = "Do not ask for confirmation (scripts).")
  boolean yes;

  @Override
  public Integer call() throws Exception {
    if (node == null) {
      throw new CliException(
          ExitCode.USAGE,
          "give NODE to fence, or a subcommand: test, history, ack (see hactl fence --help)");
    }
    ZkLayout layout = cluster.layout();
    try (CuratorFramework client = cluster.connect()) {
      ClusterSnapshot snap = ClusterSnapshot.read(client, layout);
      ClusterConfig config = snap.config();
      NodeConfig n = knownNode(config, node);
      if (n.manualFenceOnly()) {
        throw new CliException(
            ExitCode.REFUSED,
            "node "
                + node
                + " is marked fence: manual (no fence device): power it off by hand, then run"
                + " `hactl fence ack "
                + node
                + "`");
      }
      StringBuilder warning = new StringBuilder();
      if (LocalMachine.is(n)) {
        warning.append(
            "WARNING: node "
                + node
                + " looks like THIS machine: fencing it powers off the machine running this"
                + " command.\n");
      }
      if (Boolean.TRUE.equals(snap.nodesUp().get(node))) {
        warning.append("Node " + node + " has a connected agent; its services will fail over.\n");
      }
      warning.append(
          "About to fence node "
              + node
              + " ("
              + n.fenceLevels().size()
              + " fence level(s)): it will be powered off or rebooted.");
      Confirmation.require(yes, warning.toString(), node);
      History history = new History(client, layout, config.cluster().historySize());
      String by = cluster.who();
      List<FenceAttempt> attempts = new ArrayList<>();
      NodeFencer fencer = new NodeFencer(new FenceAgentsAdapter(new ProcessRunner()));
      NodeFenceResult result =
          fencer.fence(new FenceTarget(node, ConfiguredFencing.levels(n)), attempts::add);
      for (FenceAttempt a : attempts) {
        history.appendAndWait(event(by, FenceEvents.attempt(a)));
        System.out.println(
            (a.outcome().success() ? "ok      " : "FAILED  ") + a.outcome().detail());
      }
      String summary =
          "operator "
              + System.getProperty("user.name")
              + " fenced node "
              + node
              + " (hactl fence): "
              + (result.success() ? "succeeded" : "FAILED")
              + ": "
              + result.outcome().detail();
      history.appendAndWait(event(by, summary));
      System.out.println(summary);
      return result.success() ? ExitCode.OK.code() : ExitCode.FAILURE.code();
    }
  }

  static HistoryEvent event(String by, String message) {
    return new HistoryEvent(System.currentTimeMillis(), by, null, FenceEvents.KIND, message);
  }

  static NodeConfig knownNode(ClusterConfig config, String node) throws CliException {
    return config
        .node(node)
        .orElseThrow(
            () ->
                new CliException(
                    ExitCode.USAGE,
                    "no node "
                        + node
                        + " in the configuration (nodes: "
                        + config.nodes().keySet()
                        + ")"));
  }

  @Command(
      name = "ack",
      header = "Confirm by hand that a node is dead (fence_ack_manual).",
      mixinStandardHelpOptions = true,
      description = {
        "Confirm that NODE is dead (powered off, or cut off from the storage), like",
        "fence_ack_manual. A service BLOCKED because fencing NODE failed then starts on its",
        "new owner at the next fence retry (a few seconds). Asks you to type NODE's name",
        "(or --yes). This is how a node marked `fence: manual` is ever failed over from.",
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

    @Option(names = "--yes", description = "Do not ask for confirmation (scripts).")
    boolean yes;

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
        Confirmation.require(
            yes,
            "WARNING: acknowledging that node "
                + node
                + " is dead lets another node take its services over WITHOUT fencing it. If "
                + node
                + " still runs a daemon or has a spool mounted, the spool will be corrupted.",
            node);
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
                  event(
                      by,
                      "operator "
                          + System.getProperty("user.name")
                          + " confirmed node "
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
