package io.hactl.itests.cluster;

import io.hactl.itests.fence.SimulatedBmc;
import io.hactl.testkit.net.Network;
import io.hactl.testkit.support.HarnessException;
import io.hactl.testkit.support.Procfs;
import io.hactl.testkit.support.Shell;
import io.hactl.testkit.support.Waits;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.Predicate;

/**
 * One node of a test cluster: its namespaces (or environment marker), its BMC, and the current
 * incarnation of its agent. The faults that act on one node live here: crash (KILL of every process
 * of the node), pause and resume of the agent, KILL of the daemon alone. A node's processes are
 * those in its network namespace, or those carrying its marker without namespaces.
 */
public final class TestNode {
  private static final Duration GONE = Duration.ofSeconds(10);

  private final String name;
  private final int index;
  private final Network net;
  private final SimulatedBmc bmc;
  private final Path dir;
  private final Path config;
  private final String marker;
  private final Predicate<List<String>> isDaemon;
  private final AgentLauncher launcher;
  private final Shell shell = new Shell(Duration.ofSeconds(10));
  private final String observeAddress;
  private AgentProcess agent;
  private int incarnation;
  private boolean paused;

  TestNode(
      String name,
      int index,
      Network net,
      SimulatedBmc bmc,
      Path dir,
      Path config,
      String marker,
      Predicate<List<String>> isDaemon,
      String observeAddress,
      AgentLauncher launcher) {
    this.observeAddress = observeAddress;
    this.name = name;
    this.index = index;
    this.net = net;
    this.bmc = bmc;
    this.dir = dir;
    this.config = config;
    this.marker = marker;
    this.isDaemon = isDaemon;
    this.launcher = launcher;
  }

  /** Starts hactl's agent pieces; see {@link AgentLauncher}. */
  interface AgentLauncher {
    AgentProcess launch(TestNode node, int incarnation);
  }

  /**
   * Where this node's agent serves /metrics, /health and /owner/SERVICE ({@code IP:PORT}, reachable
   * from the host); the same for every incarnation.
   */
  public String observeAddress() {
    return observeAddress;
  }

  public String name() {
    return name;
  }

  public int index() {
    return index;
  }

  public SimulatedBmc bmc() {
    return bmc;
  }

  public Path dir() {
    return dir;
  }

  /** The configuration file this node's agent reads. */
  public Path config() {
    return config;
  }

  /** {@code KEY=VALUE} in the environment of every process of this node. */
  public String marker() {
    return marker;
  }

  Network network() {
    return net;
  }

  /** Starts a new agent incarnation ("power on"); the previous one must be gone. */
  public synchronized AgentProcess startAgent() {
    if (agent != null && agent.alive()) {
      throw new HarnessException(name + ": agent still running (pid " + agent.pid() + ")");
    }
    bmc.powerOn();
    paused = false;
    agent = launcher.launch(this, ++incarnation);
    return agent;
  }

  /** How many times the agent was started (1 after the first start). */
  public synchronized int incarnation() {
    return incarnation;
  }

  /** The current agent incarnation, or null before the first start. */
  public synchronized AgentProcess agent() {
    return agent;
  }

  public synchronized boolean agentAlive() {
    return agent != null && agent.alive();
  }

  /** Whether {@code pid} belongs to this node. */
  public boolean owns(long pid) {
    OptionalLong ino = net.netInode(name);
    if (ino.isPresent()) {
      return Procfs.namespace(pid, "net").orElse(-1) == ino.getAsLong();
    }
    return Procfs.environ(pid).contains(marker);
  }

  /** KILL of every process of the node (agent, daemon, children); returns when all are gone. */
  public void crash() {
    OptionalLong ino = net.netInode(name);
    long nsIno = ino.orElse(-1);
    Procfs.killUntilGone(
        "every process of " + name, pid -> ino.isPresent() ? inNet(pid, nsIno) : owns(pid), GONE);
  }

  private static boolean inNet(long pid, long ino) {
    return Procfs.namespace(pid, "net").orElse(-1) == ino;
  }

  /** The pids of the service's daemons (heartbeat or workload) running on this node. */
  public List<Long> daemonPids() {
    List<Long> out = new ArrayList<>();
    for (long pid : Procfs.pids()) {
      List<String> argv = Procfs.cmdline(pid);
      if (!argv.isEmpty() && isDaemon.test(argv) && owns(pid)) {
        out.add(pid);
      }
    }
    return out;
  }

  /** KILL of the heartbeat daemon(s) alone; returns the pids killed, once they are gone. */
  public List<Long> killDaemon() {
    List<Long> pids = daemonPids();
    for (long pid : pids) {
      ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
    }
    Waits.until(
        name + " daemon gone",
        GONE,
        Duration.ofMillis(5),
        () -> pids.stream().noneMatch(Procfs::alive));
    return pids;
  }

  /** SIGSTOP of the agent JVM only (its daemon keeps running). */
  public synchronized void pauseAgent() {
    signalAgent("-STOP");
    paused = true;
  }

  /** SIGCONT of the agent JVM. */
  public synchronized void resumeAgent() {
    signalAgent("-CONT");
    paused = false;
  }

  /** SIGCONT of the agent if {@link #pauseAgent} stopped it and nothing resumed it since. */
  public synchronized void resumeAgentIfPaused() {
    if (paused) {
      resumeAgent();
    }
  }

  private void signalAgent(String signal) {
    AgentProcess a = agent();
    if (a == null) {
      throw new HarnessException(name + ": no agent to signal");
    }
    shell.tryRun(List.of("kill", signal, Long.toString(a.pid())));
  }

  /** The environment every process the harness starts on this node carries. */
  Map<String, String> environment() {
    int eq = marker.indexOf('=');
    return Map.of(marker.substring(0, eq), marker.substring(eq + 1));
  }

  @Override
  public String toString() {
    return name;
  }
}
