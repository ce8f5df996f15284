package io.hactl.itests.cluster;

import io.hactl.itests.fence.FenceCall;
import io.hactl.itests.observe.HeartbeatFile;
import io.hactl.itests.support.BootClock;
import io.hactl.itests.support.RunContext;
import io.hactl.itests.zk.SessionInfo;
import io.hactl.itests.zk.ZooKeeperEnsemble;
import io.hactl.process.ProcessResult;
import io.hactl.testkit.check.BmcEvent;
import io.hactl.testkit.check.Checker;
import io.hactl.testkit.check.Sample;
import io.hactl.testkit.check.Timeline;
import io.hactl.testkit.check.Violation;
import io.hactl.testkit.net.Isolation;
import io.hactl.testkit.net.Network;
import io.hactl.testkit.observe.Observer;
import io.hactl.testkit.observe.Recorder;
import io.hactl.testkit.support.HarnessException;
import io.hactl.testkit.support.Waits;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A whole test cluster on one machine, built by {@link ClusterBuilder}: the network, a three-server
 * ZooKeeper ensemble, one simulated BMC and one agent per node, the shared spool, and the outside
 * observer. It answers questions about the running cluster (who owns the service now, which
 * sessions ZooKeeper negotiated) and turns the run into a checked {@link Timeline}. Closing it
 * removes every process, namespace and link it made, even after failures.
 */
public final class TestCluster implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TestCluster.class);

  private final ClusterOptions options;
  private final RunContext run;
  private final Network net;
  private final ZooKeeperEnsemble zk;
  private final Map<String, TestNode> nodes;
  private final Recorder recorder;
  private final Observer observer;
  private final BootClock clock;
  private final ClusterPaths paths;
  private final FuseSpool fuse;

  TestCluster(
      ClusterOptions options,
      RunContext run,
      Network net,
      ZooKeeperEnsemble zk,
      Map<String, TestNode> nodes,
      Recorder recorder,
      Observer observer,
      ClusterPaths paths,
      FuseSpool fuse) {
    this.options = options;
    this.run = run;
    this.net = net;
    this.zk = zk;
    this.nodes = new LinkedHashMap<>(nodes);
    this.recorder = recorder;
    this.observer = observer;
    this.paths = paths;
    this.fuse = fuse;
    this.clock = BootClock.calibrate();
  }

  /** Builds and starts everything except the agents. */
  public static TestCluster start(ClusterOptions options) {
    return new ClusterBuilder(options).build();
  }

  /** Builds and starts everything except the agents, for a service of the given shape. */
  public static TestCluster start(ClusterOptions options, ServiceShape shape) {
    return new ClusterBuilder(options, shape).build();
  }

  public ClusterOptions options() {
    return options;
  }

  public RunContext run() {
    return run;
  }

  public Isolation isolation() {
    return net.isolation();
  }

  public Network network() {
    return net;
  }

  public ZooKeeperEnsemble zookeeper() {
    return zk;
  }

  public Recorder recorder() {
    return recorder;
  }

  public Observer observer() {
    return observer;
  }

  public ClusterPaths paths() {
    return paths;
  }

  /** Each node's FUSE path to the spool; only when the options asked for it. */
  public FuseSpool fuseSpool() {
    if (fuse == null) {
      throw new IllegalStateException("this cluster has no FUSE spool (ClusterOptions.fuseSpool)");
    }
    return fuse;
  }

  public List<TestNode> nodes() {
    return List.copyOf(nodes.values());
  }

  public List<String> nodeNames() {
    return List.copyOf(nodes.keySet());
  }

  public TestNode node(String name) {
    TestNode n = nodes.get(name);
    if (n == null) {
      throw new IllegalArgumentException("no node " + name);
    }
    return n;
  }

  /**
   * Stores the configuration with {@code hactl config apply} (unless the options say to leave that
   * to the first agent), starts every node's agent at once, and waits until each has a ZooKeeper
   * session.
   */
  public void startAgents() {
    if (options.storeConfigFirst()) {
      var r =
          hactl(
              Duration.ofSeconds(60),
              "config",
              "apply",
              "--yes",
              "--allow-clear-text-secrets",
              paths.config().toString());
      if (!r.succeeded()) {
        throw new HarnessException("hactl config apply failed: " + r.describe());
      }
    }
    for (TestNode n : nodes.values()) {
      n.startAgent();
    }
    for (TestNode n : nodes.values()) {
      awaitJoined(n);
    }
  }

  /** Waits until node {@code n}'s agent holds a ZooKeeper session, plus the warm-up time. */
  public void awaitJoined(TestNode n) {
    if (net.isolation() == Isolation.NAMESPACES) {
      String addr = net.nodeAddress(n.index());
      Waits.until(
          n.name() + "'s agent connected to ZooKeeper",
          Duration.ofSeconds(60),
          Duration.ofMillis(100),
          () -> {
            if (!n.agentAlive()) {
              throw new HarnessException(n.name() + "'s agent exited; see " + n.dir());
            }
            return zk.sessions().stream().anyMatch(s -> s.clientAddress().equals(addr));
          });
    } else {
      Waits.pause(Duration.ofSeconds(3));
    }
    // A connection is not a membership: a restarted agent waits for its previous session's
    // membership node to expire before it joins, and until then that ghost looks like it.
    Waits.until(
        n.name() + "'s agent joined the cluster",
        Duration.ofSeconds(60),
        Duration.ofMillis(50),
        () -> {
          if (!n.agentAlive()) {
            throw new HarnessException(n.name() + "'s agent exited; see " + n.dir());
          }
          return newestAgentLogSays(n, "agent " + n.name() + " running");
        });
    Waits.pause(options.agentWarmup());
  }

  private static boolean newestAgentLogSays(TestNode n, String text) {
    try (var logs = java.nio.file.Files.list(n.dir())) {
      var newest =
          logs.filter(p -> p.getFileName().toString().matches("agent-\\d+\\.log"))
              .max(
                  java.util.Comparator.comparingInt(
                      p -> Integer.parseInt(p.getFileName().toString().replaceAll("\\D", ""))));
      return newest.isPresent() && java.nio.file.Files.readString(newest.get()).contains(text);
    } catch (java.io.IOException e) {
      return false;
    }
  }

  /** The node that alone runs the service in the latest sample, if one does. */
  public Optional<String> owner() {
    Sample s = recorder.latest();
    return s == null ? Optional.empty() : Optional.ofNullable(s.soleRunner());
  }

  /** Waits until exactly one node runs the service and returns it. */
  public String awaitOwner(Duration timeout) {
    Waits.until(
        "one node running " + ClusterYaml.SERVICE,
        timeout,
        Duration.ofMillis(20),
        () -> owner().isPresent());
    return owner().orElseThrow();
  }

  /** The session timeouts ZooKeeper negotiated with the agents (by node address). */
  public Map<String, Duration> negotiatedSessionTimeouts() {
    Map<String, Duration> out = new LinkedHashMap<>();
    for (TestNode n : nodes.values()) {
      String addr = net.nodeAddress(n.index());
      zk.sessions().stream()
          .filter(s -> s.clientAddress().equals(addr))
          .map(SessionInfo::negotiated)
          .findFirst()
          .ifPresent(d -> out.put(n.name(), d));
    }
    return out;
  }

  /** Runs {@code hactl ARGS --config FILE} from the host and returns its outcome. */
  public ProcessResult hactl(Duration timeout, String... args) {
    return new HactlCommand(options.hactlJar(), paths.config()).run(timeout, args);
  }

  /** Every fence-agent call hactl made so far. */
  public List<FenceCall> fenceCalls() {
    return FenceCall.read(paths.fenceLog(), clock);
  }

  /** Every power event of every BMC so far, in time order. */
  public List<BmcEvent> powerEvents() {
    List<BmcEvent> all = new ArrayList<>();
    for (TestNode n : nodes.values()) {
      all.addAll(n.bmc().events(clock));
    }
    all.sort(Comparator.comparingLong(BmcEvent::nanos));
    return all;
  }

  /** The timeline from the start of observation until now. */
  public Timeline timeline() {
    HeartbeatFile hb = HeartbeatFile.read(paths.heartbeatFile(), clock);
    if (hb.malformed() > 0) {
      recorder.note(hb.malformed() + " malformed heartbeat line(s)");
    }
    return recorder.timeline(
        observer.startNanos(),
        System.nanoTime(),
        nodeNames(),
        hb.beats(),
        strayFiles(),
        powerEvents());
  }

  /** Files in the bare mountpoint, as the host (which never mounts there) sees it. */
  private List<String> strayFiles() {
    try (var s = Files.list(paths.mountpoint())) {
      return s.map(Path::toString).sorted().toList();
    } catch (IOException e) {
      throw new HarnessException("cannot list " + paths.mountpoint(), e);
    }
  }

  /** Checks the timeline so far. */
  public List<Violation> check() {
    return new Checker(options.maxBlind()).check(timeline());
  }

  @Override
  public void close() {
    LOG.info("observer: {}", observer.stats());
    run.close();
  }
}
