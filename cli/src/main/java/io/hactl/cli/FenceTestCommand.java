package io.hactl.cli;

import io.hactl.agent.ExitCode;
import io.hactl.config.ClusterConfig;
import io.hactl.config.NodeConfig;
import io.hactl.fencing.agents.FenceAgentsAdapter;
import io.hactl.process.ProcessRunner;
import io.hactl.readiness.FenceCheck;
import io.hactl.readiness.FenceCheck.DeviceCheck;
import io.hactl.zk.ZkLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.curator.framework.CuratorFramework;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code hactl fence test}: checks fence devices with {@code status}, never fencing. */
@Command(
    name = "test",
    header = "Check that fence devices work, without fencing anything.",
    mixinStandardHelpOptions = true,
    description = {
      "Run each fence device's `status` action (never off, reboot or on) for NODE, or for",
      "every node with --all, from THIS machine, and print one line per device: OK with the",
      "power state, or FAILED with the agent's reason (secrets masked). A wrong password, an",
      "unreachable device or a missing agent shows here before a failover needs the device.",
      "Run it on a node, as root: it reads the devices' secret files like an agent does.",
      "Agents run the same check every cluster.fenceCheckInterval and `hactl status` lists",
      "devices that fail it.",
      "",
      "Exit 0 when every device passed; 1 when any failed; 2 no such node."
    })
final class FenceTestCommand implements Callable<Integer> {
  @Mixin ClusterOptions cluster;

  @ArgGroup(multiplicity = "1")
  Which which;

  static final class Which {
    @Parameters(paramLabel = "NODE", description = "The node whose devices to check.")
    String node;

    @Option(names = "--all", description = "Check the devices of every node.")
    boolean all;
  }

  @Override
  public Integer call() throws Exception {
    ZkLayout layout = cluster.layout();
    ClusterConfig config;
    try (CuratorFramework client = cluster.connect()) {
      config = ClusterSnapshot.read(client, layout).config();
    }
    List<String> nodes = new ArrayList<>();
    if (which.all) {
      nodes.addAll(config.nodes().keySet());
    } else {
      nodes.add(FenceCommand.knownNode(config, which.node).name());
    }
    for (String n : nodes) {
      NodeConfig nc = config.node(n).orElseThrow();
      if (nc.manualFenceOnly()) {
        System.out.println(n + "  fence: manual (no device to check; `hactl fence ack " + n + "`)");
      }
    }
    List<DeviceCheck> checks =
        new FenceCheck(new FenceAgentsAdapter(new ProcessRunner())).check(config, nodes);
    int failed = 0;
    for (DeviceCheck c : checks) {
      System.out.println(
          c.key() + "  " + c.agent() + "  " + (c.ok() ? "OK" : "FAILED") + "  " + c.detail());
      failed += c.ok() ? 0 : 1;
    }
    System.out.println(
        checks.size()
            + " device(s) checked, "
            + failed
            + " failed"
            + (failed > 0 ? ": fix them before a failover needs them" : ""));
    return failed == 0 ? ExitCode.OK.code() : ExitCode.FAILURE.code();
  }
}
