package io.hactl.itests.slurm;

import io.hactl.itests.cluster.TestCluster;
import io.hactl.itests.cluster.TestNode;
import io.hactl.testkit.net.NamespaceNetwork;
import io.hactl.testkit.support.Shell;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The faults the Slurm comparison injects into a controller node, and the look at the floating
 * address from outside. A partition here cuts the node off from every machine of the run (not only
 * ZooKeeper); a power-off is a dead machine (processes killed and link down); a power-on is a
 * reboot (the floating address forgotten, a new agent when the node had one).
 */
public final class ControllerFaults {
  private final TestCluster cluster;
  private final ComputeNode compute;
  private final NamespaceNetwork net;
  private final Shell shell = new Shell(Duration.ofSeconds(10));

  public ControllerFaults(TestCluster cluster, ComputeNode compute) {
    this.cluster = cluster;
    this.compute = compute;
    this.net = (NamespaceNetwork) cluster.network();
  }

  /** Drops every packet between {@code node} and ZooKeeper, the other nodes, cn1 and the host. */
  public void isolate(String node) {
    List<String> others = new ArrayList<>();
    for (var s : cluster.zookeeper().servers()) {
      others.add(s.address());
    }
    for (TestNode n : cluster.nodes()) {
      if (!n.name().equals(node)) {
        others.add(net.nodeAddress(n.index()));
      }
    }
    others.add(compute.address());
    others.add(net.nodeAddress(250)); // the host, where the clients run
    net.partition(node, others);
  }

  /** A dead machine: every process killed, and its network link down with it. */
  public void powerOff(TestNode node) {
    node.crash();
    shell.run("ip", "-n", net.nodeNs(node.name()), "link", "set", "eth0", "down");
  }

  /**
   * A machine booting again: no address but its own (a reboot forgets {@code floating}), link up,
   * and, unless the agent still runs, a new agent joined to the cluster.
   */
  public void powerOn(TestNode node, String floating) {
    String ns = net.nodeNs(node.name());
    shell.tryRun(List.of("ip", "-n", ns, "addr", "del", floating + "/24", "dev", "eth0"));
    shell.run("ip", "-n", ns, "link", "set", "eth0", "up");
    if (!node.agentAlive()) {
      node.crash();
      node.startAgent();
      cluster.awaitJoined(node);
    }
  }

  /** The cluster nodes whose eth0 carries {@code address}. */
  public List<String> holders(String address) {
    List<String> out = new ArrayList<>();
    for (TestNode n : cluster.nodes()) {
      List<String> addrs =
          shell.run("ip", "-n", net.nodeNs(n.name()), "-o", "-4", "addr", "show", "dev", "eth0");
      if (addrs.stream().anyMatch(l -> l.contains(" " + address + "/"))) {
        out.add(n.name());
      }
    }
    return out;
  }
}
