package io.hactl.testkit.net;

import io.hactl.testkit.support.HarnessException;
import io.hactl.testkit.support.Janitor;
import io.hactl.testkit.support.Procfs;
import io.hactl.testkit.support.Shell;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A switch namespace with a bridge, one network namespace per node with a veth {@code eth0} on the
 * bridge, and a veth from the host onto the same bridge carrying the addresses of the ZooKeeper
 * servers and the BMCs. All names start with {@code hx} and the run id; the subnet is a /24 in
 * 10.213.0.0/16 that the host does not use yet. Node {@code i} is {@code .i}, BMC {@code i} is
 * {@code .100+i}, ZooKeeper server {@code i} is {@code .200+i}, the host is {@code .250}. It does
 * not guarantee that nothing else on the host picks the same subnet afterwards.
 */
public final class NamespaceNetwork implements Network {
  private static final Logger LOG = LoggerFactory.getLogger(NamespaceNetwork.class);
  private static final int ZK_SERVERS = 3;

  private final String id;
  private final Janitor janitor;
  private final Shell shell = new Shell(Duration.ofSeconds(10));
  private final Map<String, Integer> nodes = new LinkedHashMap<>();
  private final String prefix;
  private final List<String> created = new ArrayList<>();
  private final Set<String> partitioned = new HashSet<>();

  /** Creates the whole network; on failure removes what it already made and throws. */
  public NamespaceNetwork(String id, List<String> nodeNames, Janitor janitor) {
    this.id = id;
    this.janitor = janitor;
    for (int i = 0; i < nodeNames.size(); i++) {
      nodes.put(nodeNames.get(i), i + 1);
    }
    this.prefix = "10.213." + freeSubnet(id) + ".";
    try {
      build();
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  private int freeSubnet(String seed) {
    String used = String.join("\n", shell.run("ip", "-4", "route", "show", "table", "all"));
    int start = Math.floorMod(seed.hashCode(), 250);
    for (int k = 0; k < 250; k++) {
      int octet = (start + k) % 250 + 1;
      if (!used.contains("10.213." + octet + ".")) {
        return octet;
      }
    }
    throw new HarnessException("no free /24 in 10.213.0.0/16");
  }

  private void build() {
    String sw = switchNs();
    addNamespace(sw);
    shell.run("ip", "-n", sw, "link", "set", "lo", "up");
    shell.run("ip", "-n", sw, "link", "add", "br0", "type", "bridge");
    shell.run("ip", "-n", sw, "link", "set", "br0", "up");
    String host = hostLink();
    shell.run("ip", "link", "add", host, "type", "veth", "peer", "name", "host", "netns", sw);
    janitor.link(id, host);
    shell.run("ip", "-n", sw, "link", "set", "host", "master", "br0", "up");
    shell.run("ip", "addr", "add", prefix + "250/24", "dev", host);
    for (int i = 1; i <= ZK_SERVERS; i++) {
      shell.run("ip", "addr", "add", zkAddress(i) + "/24", "dev", host);
    }
    for (int i : nodes.values()) {
      shell.run("ip", "addr", "add", bmcAddress(i) + "/24", "dev", host);
    }
    shell.run("ip", "link", "set", host, "up");
    for (Map.Entry<String, Integer> n : nodes.entrySet()) {
      attach(n.getKey(), nodeAddress(n.getValue()));
    }
    LOG.info("network {}0/24 ready: switch {}, nodes {}", prefix, sw, nodes.keySet());
  }

  /**
   * Adds one more node namespace with address {@code .i} on the same bridge after the network is
   * built (a machine that is not a cluster node, such as a compute node of a scheduler); it is
   * removed with the network. {@code i} must not be a cluster node's, a BMC's or ZooKeeper's.
   */
  public synchronized void addNode(String node, int i) {
    if (nodes.containsKey(node) || nodes.containsValue(i) || i < 1 || i > 99) {
      throw new HarnessException("cannot add node " + node + " as ." + i + ": taken or reserved");
    }
    nodes.put(node, i);
    attach(node, nodeAddress(i));
  }

  /**
   * A namespace {@code hxID-NAME} whose {@code eth0} is plugged into the switch (as {@code NAME})
   * with {@code address}/24.
   */
  private String attach(String name, String address) {
    String ns = nodeNs(name);
    addNamespace(ns);
    shell.run(
        "ip",
        "-n",
        switchNs(),
        "link",
        "add",
        name,
        "type",
        "veth",
        "peer",
        "name",
        "eth0",
        "netns",
        ns);
    shell.run("ip", "-n", switchNs(), "link", "set", name, "master", "br0", "up");
    shell.run("ip", "-n", ns, "addr", "add", address + "/24", "dev", "eth0");
    shell.run("ip", "-n", ns, "link", "set", "eth0", "up");
    shell.run("ip", "-n", ns, "link", "set", "lo", "up");
    return ns;
  }

  private void addNamespace(String ns) {
    shell.run("ip", "netns", "add", ns);
    created.add(ns);
    janitor.netns(id, ns);
  }

  private String switchNs() {
    return "hx" + id + "-sw";
  }

  private String hostLink() {
    return "hx" + id + "h";
  }

  /**
   * Adds a namespace that is no node, {@code hxID-NAME}, on the nodes' switch with address {@code
   * PREFIX.octet}: a client that reaches the nodes as another host on their network would. It is
   * removed with the network.
   *
   * @return the namespace's name
   */
  public synchronized String addClient(String name, int octet) {
    return attach(name, prefix + octet);
  }

  /** {@code PREFIX.octet}: an address on the nodes' network. */
  public String address(int octet) {
    return prefix + octet;
  }

  /** Name of the node's network namespace. */
  public String nodeNs(String node) {
    return "hx" + id + "-" + node;
  }

  @Override
  public Isolation isolation() {
    return Isolation.NAMESPACES;
  }

  @Override
  public String nodeAddress(int i) {
    return prefix + i;
  }

  @Override
  public String zkAddress(int i) {
    return prefix + (200 + i);
  }

  @Override
  public String bmcAddress(int i) {
    return prefix + (100 + i);
  }

  @Override
  public List<String> enter(String node) {
    return PrivateMounts.wrap(enterNetwork(node), PrivateMounts.AS_ROOT);
  }

  @Override
  public List<String> enterNetwork(String node) {
    return List.of("ip", "netns", "exec", nodeNs(node));
  }

  @Override
  public OptionalLong netInode(String node) {
    return OptionalLong.of(Procfs.namespaceFileInode(Path.of("/run/netns", nodeNs(node))));
  }

  @Override
  public synchronized void partition(String node, List<String> addresses) {
    List<String> in = enterNetwork(node);
    for (String a : addresses) {
      shell.run(concat(in, "iptables", "-w", "5", "-I", "INPUT", "-s", a, "-j", "DROP"));
      shell.run(concat(in, "iptables", "-w", "5", "-I", "OUTPUT", "-d", a, "-j", "DROP"));
    }
    partitioned.add(node);
    LOG.info("partitioned {} from {}", node, addresses);
  }

  @Override
  public synchronized void heal(String node) {
    if (!partitioned.remove(node)) {
      return;
    }
    List<String> in = enterNetwork(node);
    shell.run(concat(in, "iptables", "-w", "5", "-F", "INPUT"));
    shell.run(concat(in, "iptables", "-w", "5", "-F", "OUTPUT"));
    LOG.info("healed partitions of {}", node);
  }

  @Override
  public boolean canPartition() {
    return true;
  }

  private static List<String> concat(List<String> head, String... tail) {
    List<String> all = new ArrayList<>(head);
    all.addAll(List.of(tail));
    return all;
  }

  @Override
  public void close() {
    for (int i = created.size() - 1; i >= 0; i--) {
      janitor.removeNamespace(created.get(i));
    }
    created.clear();
    shell.tryRun(List.of("ip", "link", "del", hostLink()));
  }
}
