package io.hactl.agent;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hactl.config.ClusterConfig;
import io.hactl.config.ConfigParser;
import io.hactl.zk.ZkClients;
import io.hactl.zk.ZkLayout;
import io.hactl.zk.auth.ZkAccess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.curator.framework.CuratorFramework;
import org.junit.jupiter.api.Assumptions;

/**
 * Real agents in this JVM against a real ZooKeeper server, each with its own Curator client, and a
 * daemon that records its pid in a directory, so tests can see from outside which node runs it.
 */
final class AgentHarness implements AutoCloseable {
  final Path dir;
  final String connect;
  final List<CuratorFramework> clients = new ArrayList<>();
  final Map<String, Agent> agents = new LinkedHashMap<>();
  final Map<String, CuratorFramework> clientOf = new LinkedHashMap<>();

  /** How the agents reach ZooKeeper: open unless a test runs the cluster authenticated. */
  ZkAccess access = ZkAccess.open();

  /** Whether the agents started next may store a local file with secrets in clear. */
  boolean allowClearTextSecrets;

  AgentHarness(Path dir, String connect) {
    this.dir = dir;
    this.connect = connect;
  }

  /** Skips the calling test class, saying why, when Debian's fence_dummy is not installed. */
  static void assumeFenceDummy(String testClass) {
    boolean present = Files.isExecutable(Path.of("/usr/sbin/fence_dummy"));
    if (!present) {
      System.err.println(
          "SKIPPED "
              + testClass
              + ": /usr/sbin/fence_dummy missing (apt-get install fence-agents)");
    }
    Assumptions.assumeTrue(present, "fence_dummy from Debian's fence-agents is needed");
  }

  /** The daemon: writes its pid to DIR/pids/NODE, ignores TERM (so KILL is needed), sleeps. */
  String daemonCommand() {
    return "[\"/bin/sh\", \"-c\", \"echo $$ > "
        + dir.resolve("pids")
        + "/$HACTL_NODE; trap '' TERM; exec sleep 600\"]";
  }

  /** fence_dummy device of a node: works, or always fails. */
  String fenceDevice(String node, boolean works) {
    String status = dir.resolve("power-" + node).toString();
    return works
        ? "[[{agent: fence_dummy, timeout: 20s, options: {status_file: \"" + status + "\"}}]]"
        : "[[{agent: fence_dummy, timeout: 20s, options: {type: fail, power_timeout: 3}}]]";
  }

  String config(Map<String, Boolean> fenceWorks, String recovery) {
    StringBuilder y = new StringBuilder();
    y.append("cluster: {name: t, zookeeper: \"")
        .append(connect)
        .append("\", sessionTimeout: 6s}\n");
    y.append("nodes:\n");
    fenceWorks.forEach(
        (n, works) ->
            y.append("  ")
                .append(n)
                .append(": {address: 127.0.0.1, fence: ")
                .append(fenceDevice(n, works))
                .append("}\n"));
    y.append("failoverDomains:\n  d: {nodes: [")
        .append(String.join(", ", fenceWorks.keySet()))
        .append("]}\n");
    y.append("services:\n  s1:\n    domain: d\n    recovery: ").append(recovery).append("\n");
    y.append("    resources:\n      - type: exec\n        name: daemon\n");
    y.append("        command: ").append(daemonCommand()).append("\n");
    y.append("        termGrace: 1s\n        stopTimeout: 2s\n        monitorInterval: 0s\n");
    return y.toString();
  }

  Agent start(String node, String yaml) throws Exception {
    Files.createDirectories(dir.resolve("pids"));
    Path power = dir.resolve("power-" + node);
    if (!Files.exists(power)) {
      Files.writeString(power, "on"); // fence_dummy's simulated power state of this node
    }
    ClusterConfig config = new ConfigParser().parse(yaml, "test.yaml");
    CuratorFramework client = ZkClients.start(connect, config.cluster().sessionTimeout(), access);
    clients.add(client);
    Agent agent = new Agent(config, node, client, new DefaultAgentServices(), access.identities());
    if (allowClearTextSecrets) {
      agent.allowClearTextSecrets();
    }
    agent.start(Duration.ofSeconds(20));
    agents.put(node, agent);
    clientOf.put(node, client);
    return agent;
  }

  /** Fence devices: n1's works or always fails, n2's works. */
  static Map<String, Boolean> fences(boolean n1Works) {
    Map<String, Boolean> m = new LinkedHashMap<>();
    m.put("n1", n1Works);
    m.put("n2", true);
    return m;
  }

  void awaitRunning(String node) {
    await(node + " runs s1 with a live daemon")
        .atMost(Duration.ofSeconds(30))
        .until(() -> state(node) == ServiceState.RUNNING && livePid(node).isPresent());
  }

  /**
   * n1 runs s1, then dies uncleanly (daemon killed, session gone) while n1's fence device fails:
   * returns once n2, the next owner, is BLOCKED.
   */
  void n1DiesUnfenceably(String yaml) throws Exception {
    start("n1", yaml);
    start("n2", yaml);
    awaitRunning("n1");
    livePid("n1").ifPresent(p -> ProcessHandle.of(p).ifPresent(ProcessHandle::destroyForcibly));
    crash("n1");
    await("n2 BLOCKED")
        .atMost(Duration.ofSeconds(30))
        .until(() -> state("n2") == ServiceState.BLOCKED);
  }

  ServiceState state(String node) {
    return agents.get(node).controllers().get("s1").state();
  }

  long epoch(String node) {
    return agents.get(node).controllers().get("s1").epoch();
  }

  /** The pid a node's daemon recorded, if that process is alive. */
  Optional<Long> livePid(String node) {
    Path f = dir.resolve("pids").resolve(node);
    try {
      long pid = Long.parseLong(Files.readString(f).trim());
      return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).map(h -> pid);
    } catch (Exception e) {
      return Optional.empty();
    }
  }

  boolean fencedOff(String node) throws Exception {
    Path f = dir.resolve("power-" + node);
    return Files.exists(f) && Files.readString(f).trim().equals("off");
  }

  ZkLayout layout() {
    return new ZkLayout("/hactl/t");
  }

  /** Stops an agent the hard way: no release, its session dies with it, its daemon stays. */
  void crash(String node) {
    Agent a = agents.remove(node);
    CuratorFramework c = clientOf.remove(node);
    assertTrue(a != null, "no agent " + node);
    // Closing the client ends the session at once, as if the process died: no release, the
    // breadcrumb stays unclean. The agent object is dropped without close(), like a dead process.
    c.close();
  }

  @Override
  public void close() {
    agents.values().forEach(Agent::close);
    clients.forEach(CuratorFramework::close);
    for (String n : List.of("n1", "n2", "n3")) {
      livePid(n).ifPresent(p -> ProcessHandle.of(p).ifPresent(ProcessHandle::destroyForcibly));
    }
  }
}
