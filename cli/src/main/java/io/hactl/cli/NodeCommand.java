package io.hactl.cli;

import io.hactl.agent.ExitCode;
import io.hactl.zk.ZkLayout;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.KeeperException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Puts a node in standby or back online. */
@Command(
    name = "node",
    header = "Put a node in standby (services move away and stay away) or back online.",
    mixinStandardHelpOptions = true,
    subcommands = {NodeCommand.Standby.class, NodeCommand.Online.class})
final class NodeCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    System.err.println("hactl node: give a subcommand: standby NODE | online NODE");
    return ExitCode.USAGE.code();
  }

  /** Standby: placement never chooses the node; what it runs moves away cleanly. */
  @Command(
      name = "standby",
      header = "Move every service off NODE cleanly and keep them away.",
      mixinStandardHelpOptions = true,
      description = {
        "Put NODE in standby: placement never chooses it, so every service it owns is relocated",
        "cleanly (stop, release, start elsewhere: no fencing) and none comes back until",
        "`hactl node online NODE`. The agent keeps running. Refused when a service on NODE has",
        "no other eligible node (it would stop) or is frozen, unless --force (a frozen service",
        "then stays, one with nowhere to go stops). Waits until NODE owns nothing.",
        "Exit 0 when done, 5 on timeout, 6 when refused."
      })
  static final class Standby implements Callable<Integer> {
    @Mixin ClusterOptions cluster;

    @Parameters(paramLabel = "NODE")
    String node;

    @Option(names = "--force", description = "Even if a service must stop or stays (frozen).")
    boolean force;

    @Mixin WaitOptions wait;

    @Override
    public Integer call() throws Exception {
      ZkLayout layout = cluster.layout();
      try (CuratorFramework client = cluster.connect()) {
        ClusterSnapshot snap = ClusterSnapshot.read(client, layout);
        checkNode(snap, node);
        if (snap.standby().contains(node)) {
          System.out.println(node + " is in standby already");
          return ExitCode.OK.code();
        }
        long now = System.currentTimeMillis();
        List<String> moving = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (var v : snap.services().values()) {
          if (!v.owner().map(node::equals).orElse(false)) {
            continue;
          }
          List<String> others = new ArrayList<>(snap.eligible(v.name(), now));
          others.remove(node);
          if (v.frozen()) {
            problems.add(v.name() + " is frozen (it would stay on " + node + ")");
          } else if (others.isEmpty()) {
            problems.add(
                v.name()
                    + " has no other eligible node ("
                    + snap.whyNotEligible(v.name(), node, now)
                    + "): it would stop");
          } else {
            moving.add(v.name());
          }
        }
        if (!problems.isEmpty() && !force) {
          throw new CliException(
              ExitCode.REFUSED,
              "not putting "
                  + node
                  + " in standby: "
                  + String.join("; ", problems)
                  + ". Fix that first, or give --force");
        }
        client
            .create()
            .creatingParentsIfNeeded()
            .forPath(layout.standby(node), cluster.who().getBytes(StandardCharsets.UTF_8));
        cluster.record(client, snap.config(), null, "node standby " + node);
        System.out.printf(
            "%s is in standby%s%n", node, moving.isEmpty() ? "" : "; moving " + moving);
        if (wait.noWait) {
          return ExitCode.OK.code();
        }
        for (String svc : moving) {
          var done =
              new RequestWaiter(client, layout, snap.config(), System.out)
                  .await(
                      svc,
                      s ->
                          s.owner().isPresent()
                              && !s.owner().get().equals(node)
                              && "RUNNING".equals(ClusterSnapshot.stateOf(s)),
                      wait.timeout);
          System.out.printf("%s runs on %s%n", svc, done.owner().get());
        }
        return ExitCode.OK.code();
      }
    }
  }

  /** Online: the node may be chosen again. */
  @Command(
      name = "online",
      header = "Let placement choose NODE again.",
      mixinStandardHelpOptions = true,
      description = {
        "End the standby of NODE. Nothing moves by itself unless the failover domain fails",
        "back (ordered, without nofailback); use `hactl relocate SVC --to NODE` to move one.",
        "Exit 0 when done, 6 when refused."
      })
  static final class Online implements Callable<Integer> {
    @Mixin ClusterOptions cluster;

    @Parameters(paramLabel = "NODE")
    String node;

    @Override
    public Integer call() throws Exception {
      ZkLayout layout = cluster.layout();
      try (CuratorFramework client = cluster.connect()) {
        ClusterSnapshot snap = ClusterSnapshot.read(client, layout);
        checkNode(snap, node);
        try {
          client.delete().forPath(layout.standby(node));
        } catch (KeeperException.NoNodeException e) {
          System.out.println(node + " is online already");
          return ExitCode.OK.code();
        }
        cluster.record(client, snap.config(), null, "node online " + node);
        System.out.println(node + " is online: placement may choose it again");
        return ExitCode.OK.code();
      }
    }
  }

  static void checkNode(ClusterSnapshot snap, String node) throws CliException {
    if (!snap.nodesUp().containsKey(node)) {
      throw new CliException(
          ExitCode.REFUSED, "no node " + node + " (nodes: " + snap.nodesUp().keySet() + ")");
    }
  }
}
