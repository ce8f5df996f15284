package io.hactl.demo;

import io.hactl.agent.ExitCode;
import io.hactl.config.ClusterSettings;
import io.hactl.testkit.observe.MountTable;
import io.hactl.zk.EmbeddedZooKeeper;
import io.hactl.zk.ZkClients;
import io.hactl.zk.ZkLayout;
import io.hactl.zk.auth.CredentialsDirectory;
import io.hactl.zk.auth.ZkAccess;
import io.hactl.zk.auth.ZkRole;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.curator.framework.CuratorFramework;

/**
 * The demo cluster on this machine: the embedded ZooKeeper server in this process, the generated
 * configuration, the three nodes, and the two watches that report what happens. One wiring place;
 * {@link #stop} takes it all down cleanly (agents release their service, then the server stops) and
 * says what, if anything, was left behind. Started once, stopped once.
 */
final class DemoCluster implements AutoCloseable {
  private static final Duration ZK_START = Duration.ofSeconds(30);
  private static final Duration STANDBY_STOP = Duration.ofSeconds(15);
  private static final Duration OWNER_STOP = Duration.ofSeconds(30);

  private final DemoWorkspace ws;
  private final Isolation isolation;
  private final JavaLauncher java;
  private final Timeline timeline;
  private final Observed observed = new Observed();
  private final DemoNodes nodes;
  private final ZkLayout layout;
  private final String demoId = UUID.randomUUID().toString().substring(0, 8);
  private EmbeddedZooKeeper zk;
  private CuratorFramework client;
  private ClusterWatch clusterWatch;
  private HostWatch hostWatch;
  private List<String> stopProblems;
  private DemoWebView web;

  DemoCluster(DemoWorkspace ws, Isolation isolation, JavaLauncher java, Timeline timeline) {
    this.ws = ws;
    this.isolation = isolation;
    this.java = java;
    this.timeline = timeline;
    this.nodes = new DemoNodes(ws, isolation, java, demoId);
    this.layout = new ZkLayout(ClusterSettings.DEFAULT_CHROOT + "/" + DemoConfig.CLUSTER);
  }

  /** Starts the server, writes the configuration and starts watching; no node runs yet. */
  synchronized void start() throws DemoException {
    ws.prepare(isolation, DemoConfig.NODES);
    try {
      zk = EmbeddedZooKeeper.start(ws.zookeeperData(), 0, DemoConfig.TICK, ZK_START);
    } catch (Exception e) {
      throw new DemoException(ExitCode.FAILURE, "cannot start the ZooKeeper server: " + e, e);
    }
    timeline.now(
        "zk",
        "ZooKeeper serving "
            + zk.connectString()
            + " in this process (tick "
            + DemoConfig.TICK.toMillis()
            + " ms: sessions may last "
            + DemoConfig.TICK.multipliedBy(2).toMillis()
            + " ms to "
            + DemoConfig.TICK.multipliedBy(20).toSeconds()
            + " s)");
    try {
      Files.writeString(
          ws.config(), DemoConfig.yaml(ws, isolation, zk.connectString(), java, demoId));
    } catch (IOException e) {
      throw new DemoException(ExitCode.FAILURE, "cannot write " + ws.config() + ": " + e, e);
    }
    ZkAccess reader = authenticate();
    nodes.connect(zk.connectString());
    client = ZkClients.start(zk.connectString(), Duration.ofSeconds(10), reader);
    hostWatch = new HostWatch(ws, isolation, nodes, timeline, observed);
    clusterWatch =
        new ClusterWatch(
            client, layout, DemoConfig.SERVICE, timeline, observed, ws, hostWatch::readFenceLog);
    clusterWatch.start();
    hostWatch.start();
  }

  /**
   * Generates the cluster's credentials beside the configuration, where the agents and the commands
   * find them, and says so. The demo's own watch reads as the reader identity; the environment's
   * {@value ZkAccess#ENV_AUTH} is ignored (it names another cluster's identity).
   */
  private ZkAccess authenticate() throws DemoException {
    try {
      CredentialsDirectory.ensure(ws.credentials());
      ZkAccess reader =
          ZkAccess.fromDirectory(ws.credentials(), List.of(ZkRole.READER), layout.root(), Map.of());
      timeline.now("zk", "ZooKeeper authentication: on (credentials in " + ws.credentials() + ")");
      return reader;
    } catch (IOException e) {
      throw new DemoException(
          ExitCode.FAILURE, "cannot set up ZooKeeper credentials: " + e.getMessage(), e);
    }
  }

  /** Starts {@code hactl web} for this cluster (once); returns its address. */
  synchronized String startWebView() throws DemoException {
    if (web == null) {
      web = DemoWebView.start(ws, java, zk.connectString());
    }
    return web.url();
  }

  String connectString() {
    return zk.connectString();
  }

  /** How the demo runs the product's jar and its own scheduler. */
  JavaLauncher java() {
    return java;
  }

  DemoNodes nodes() {
    return nodes;
  }

  Observed observed() {
    return observed;
  }

  ClusterWatch clusterWatch() {
    return clusterWatch;
  }

  DemoWorkspace workspace() {
    return ws;
  }

  /** What the outside observer concluded so far (nothing seen before the cluster started). */
  synchronized OutsideView outside() {
    return hostWatch == null ? new OutsideView(0, List.of()) : hostWatch.outside();
  }

  /**
   * Stops everything: TERM to the standby agents, then to the owner (which stops the scheduler,
   * unmounts the spool and releases the service), then the watches and the server; kills whatever
   * of the demo is still alive. Idempotent.
   *
   * @return what was wrong: agents that had to be killed, processes or mounts left behind
   */
  synchronized List<String> stop() {
    if (stopProblems != null) {
      return stopProblems;
    }
    List<String> problems = new ArrayList<>();
    if (web != null) {
      web.close();
    }
    stopAgents(problems);
    if (hostWatch != null) {
      hostWatch.flush();
    }
    if (clusterWatch != null) {
      clusterWatch.close();
    }
    if (client != null) {
      client.close();
    }
    if (zk != null) {
      zk.close();
    }
    List<Long> left = nodes.leftovers();
    if (!left.isEmpty()) {
      problems.add("processes of the demo were still alive after the agents stopped: " + left);
      left.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
    }
    if (isolation == Isolation.MOUNT_NAMESPACES) {
      List<Long> holders = MountTable.holders(ws.mountpoint().toString());
      if (!holders.isEmpty()) {
        problems.add("the spool was still mounted in the namespaces of processes " + holders);
      }
    }
    stopProblems = List.copyOf(problems);
    return stopProblems;
  }

  private void stopAgents(List<String> problems) {
    if (nodes.agents().isEmpty()) {
      return;
    }
    List<String> standbys = new ArrayList<>(nodes.agents().keySet());
    Optional<String> owner = observed.owner().filter(standbys::contains);
    owner.ifPresent(standbys::remove);
    timeline.now(
        "demo",
        "stopping: TERM to "
            + (standbys.isEmpty() ? "no standby" : String.join(", ", standbys))
            + owner
                .map(
                    o ->
                        ", then to the owner "
                            + o
                            + ", which releases "
                            + DemoConfig.SERVICE
                            + " cleanly")
                .orElse(""));
    for (String n : standbys) {
      if (!nodes.stop(n, STANDBY_STOP)) {
        problems.add(n + "'s agent did not stop on TERM within " + STANDBY_STOP.toSeconds() + " s");
      }
    }
    for (String n : nodes.agents().keySet()) {
      if (!nodes.stop(n, OWNER_STOP)) {
        problems.add(n + "'s agent did not stop on TERM within " + OWNER_STOP.toSeconds() + " s");
      }
    }
  }

  @Override
  public void close() {
    stop();
  }
}
