package io.hactl.demo;

import io.hactl.agent.ExitCode;
import io.hactl.testkit.net.PrivateMounts;
import io.hactl.testkit.support.HarnessException;
import io.hactl.testkit.support.Procfs;
import io.hactl.zk.auth.ZkAccess;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The demo's nodes: one agent process each, started as {@code hactl agent} (inside {@code unshare
 * -m --propagation private} with mount namespaces), its output appended to its log file. It kills a
 * node the way a machine dies (SIGKILL to the agent and to every other process of the node), and
 * stops one the way an operator does (TERM, so the agent releases its services cleanly).
 * Thread-safe. It cannot stop a node's processes that another user owns.
 */
final class DemoNodes {
  private static final Duration NAMESPACE_WAIT = Duration.ofSeconds(10);
  private static final Duration KILL_WAIT = Duration.ofSeconds(5);

  /** A running agent: its process and, with mount namespaces, its namespace id. */
  record Agent(String node, Process process, Optional<String> mountNamespace) {
    long pid() {
      return process.pid();
    }
  }

  private final DemoWorkspace ws;
  private final Isolation isolation;
  private final JavaLauncher java;
  private final String demoId;
  private final Map<String, Agent> agents = new LinkedHashMap<>();
  private final Map<String, String> listen = new LinkedHashMap<>();
  private String connect;

  DemoNodes(DemoWorkspace ws, Isolation isolation, JavaLauncher java, String demoId) {
    this.ws = ws;
    this.isolation = isolation;
    this.java = java;
    this.demoId = demoId;
  }

  /** The ZooKeeper connect string the agents get; set once the server runs. */
  synchronized void connect(String connectString) {
    this.connect = connectString;
  }

  /** The environment entry that marks every process of {@code node} (daemons inherit it). */
  String tag(String node) {
    return DemoConfig.NODE_TAG + "=" + demoId + ":" + node;
  }

  /**
   * Where {@code node}'s agent serves /metrics, /health and /owner/SERVICE: a loopback port picked
   * once per node (the demo's agents share this machine's network), the same for every restart.
   */
  synchronized String metricsAddress(String node) throws DemoException {
    String at = listen.get(node);
    if (at == null) {
      at = "127.0.0.1:" + freePort();
      listen.put(node, at);
    }
    return at;
  }

  /** A TCP port free on loopback now. */
  static int freePort() throws DemoException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new DemoException(ExitCode.FAILURE, "no free TCP port on loopback: " + e, e);
    }
  }

  /** Starts {@code node}'s agent; with mount namespaces, returns once it has its own. */
  Agent start(String node) throws DemoException {
    String zk;
    synchronized (this) {
      zk = connect;
    }
    List<String> cmd =
        java.hactl(
            List.of(
                "agent",
                "--config",
                ws.config().toString(),
                "--credentials",
                ws.credentials().toString(),
                "--node",
                node,
                "--zookeeper",
                zk,
                "--listen",
                metricsAddress(node)));
    if (isolation == Isolation.MOUNT_NAMESPACES) {
      cmd = PrivateMounts.wrap(PrivateMounts.AS_ROOT, cmd);
    }
    ProcessBuilder pb =
        new ProcessBuilder(cmd)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(ws.agentLog(node).toFile()))
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    pb.environment().put(DemoConfig.NODE_TAG, demoId + ":" + node);
    pb.environment().remove(ZkAccess.ENV_AUTH); // the agent identity is the demo's own
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      throw new DemoException(ExitCode.FAILURE, "cannot start " + node + "'s agent: " + e, e);
    }
    Optional<String> ns = Optional.empty();
    if (isolation == Isolation.MOUNT_NAMESPACES) {
      ns = Optional.of(awaitOwnNamespace(node, p));
      writeNamespaceFile(node, ns.get());
    }
    Agent a = new Agent(node, p, ns);
    synchronized (this) {
      agents.put(node, a);
    }
    return a;
  }

  /**
   * Waits until {@code unshare} has moved the process out of our mount namespace: until then its
   * namespace is ours, and a fence agent told to kill it would kill this machine's processes.
   */
  private String awaitOwnNamespace(String node, Process p) throws DemoException {
    try {
      return namespaceName(PrivateMounts.awaitOwn(p, NAMESPACE_WAIT));
    } catch (HarnessException e) {
      p.destroyForcibly();
      throw new DemoException(
          ExitCode.FAILURE,
          node
              + "'s agent did not get its own mount namespace ("
              + e.getMessage()
              + "; see "
              + ws.agentLog(node)
              + "; --shared-spool runs the demo without namespaces)",
          e);
    }
  }

  /** A mount namespace as the kernel names it in {@code /proc/PID/ns/mnt}: {@code mnt:[INODE]}. */
  static String namespaceName(long inode) {
    return "mnt:[" + inode + "]";
  }

  private void writeNamespaceFile(String node, String ns) throws DemoException {
    Path file = ws.nsFile(node);
    Path tmp = file.resolveSibling(file.getFileName() + ".new");
    try {
      Files.writeString(tmp, ns + "\n");
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new DemoException(ExitCode.FAILURE, "cannot write " + file + ": " + e, e);
    }
  }

  /** The running agents, by node. */
  synchronized Map<String, Agent> agents() {
    return new LinkedHashMap<>(agents);
  }

  /**
   * Whether {@code pid} is a process of {@code node}: it carries the node's tag, and with a mount
   * namespace, it is in it. The tag matters there too: the kernel reuses a dead namespace's id at
   * once.
   */
  private boolean isOf(String node, Optional<String> mountNamespace, long pid) {
    if (!Procfs.environ(pid).contains(tag(node))) {
      return false;
    }
    return mountNamespace.isEmpty()
        || Procfs.namespace(pid, "mnt").stream()
            .mapToObj(DemoNodes::namespaceName)
            .anyMatch(mountNamespace.get()::equals);
  }

  /**
   * Kills {@code node} like a machine that dies: SIGKILL to its agent first, then to every other
   * process of the node until none is left.
   *
   * @return the pids killed, the agent's first
   */
  List<Long> kill(String node) throws DemoException {
    Agent a;
    synchronized (this) {
      a = agents.remove(node);
    }
    if (a == null) {
      throw new DemoException(ExitCode.FAILURE, node + " is not running");
    }
    List<Long> killed = new ArrayList<>();
    killed.add(a.pid());
    a.process().destroyForcibly();
    try {
      for (long pid :
          Procfs.killUntilGone(
              "the processes of " + node, pid -> isOf(node, a.mountNamespace(), pid), KILL_WAIT)) {
        if (!killed.contains(pid)) {
          killed.add(pid);
        }
      }
    } catch (HarnessException e) {
      throw new DemoException(ExitCode.FAILURE, e.getMessage(), e);
    }
    waitFor(a.process(), KILL_WAIT);
    return killed;
  }

  /**
   * Stops {@code node}'s agent with TERM, so it releases what it owns cleanly; kills the node if it
   * has not exited within {@code timeout}. Returns false when it had to kill.
   */
  boolean stop(String node, Duration timeout) {
    Agent a;
    synchronized (this) {
      a = agents.get(node);
    }
    if (a == null) {
      return true;
    }
    a.process().destroy();
    boolean exited = waitFor(a.process(), timeout);
    if (!exited) {
      try {
        kill(node);
      } catch (DemoException e) {
        return false;
      }
      return false;
    }
    synchronized (this) {
      agents.remove(node);
    }
    return true;
  }

  /** Every live process carrying a demo node's tag: what must be gone after the demo. */
  List<Long> leftovers() {
    List<Long> out = new ArrayList<>();
    for (String n : DemoConfig.NODES) {
      out.addAll(Procfs.withEnvironment(tag(n)));
    }
    return out;
  }

  private static boolean waitFor(Process p, Duration timeout) {
    try {
      return p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
