package io.hactl.itests.cluster;

import io.hactl.itests.fence.SimulatedBmc;
import io.hactl.itests.support.RunContext;
import io.hactl.itests.support.Scripts;
import io.hactl.itests.zk.ZkServer;
import io.hactl.itests.zk.ZooKeeperEnsemble;
import io.hactl.testkit.net.Isolation;
import io.hactl.testkit.net.LoopbackNetwork;
import io.hactl.testkit.net.NamespaceNetwork;
import io.hactl.testkit.net.Network;
import io.hactl.testkit.observe.Observer;
import io.hactl.testkit.observe.ProcScanner;
import io.hactl.testkit.observe.Recorder;
import io.hactl.testkit.observe.Target;
import io.hactl.testkit.support.HarnessException;
import io.hactl.testkit.support.Host;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place a {@link TestCluster} is wired: run directory, network, ZooKeeper, scripts, BMCs,
 * configuration, nodes and observer, in that order, each registered for teardown as soon as it
 * exists, so that a failure half-way still cleans up everything already made.
 */
final class ClusterBuilder {
  private static final Logger LOG = LoggerFactory.getLogger(ClusterBuilder.class);

  private final ClusterOptions o;
  private final ServiceShape shape;
  private final List<String> names = new ArrayList<>();

  ClusterBuilder(ClusterOptions options) {
    this(options, null);
  }

  /**
   * @param shape the service to run instead of the default one, or null
   */
  ClusterBuilder(ClusterOptions options, ServiceShape shape) {
    this.o = options;
    this.shape = shape;
    for (int i = 1; i <= options.nodes(); i++) {
      names.add("n" + i);
    }
  }

  TestCluster build() {
    RunContext run = RunContext.create(o.baseDir());
    try {
      return build(run);
    } catch (RuntimeException e) {
      run.close();
      throw e;
    }
  }

  private TestCluster build(RunContext run) {
    Network net = run.closeLater("network", network(run));
    ZooKeeperEnsemble zk = run.closeLater("zookeeper", zookeeper(run, net));
    zk.start(Duration.ofSeconds(90));
    ClusterPaths paths = paths(run);
    FuseSpool fuse = o.fuseSpool() ? FuseSpool.prepare(run.dir(), paths.spool()) : null;
    Map<String, SimulatedBmc> bmcs = new LinkedHashMap<>();
    for (int i = 1; i <= names.size(); i++) {
      String node = names.get(i - 1);
      SimulatedBmc b = run.closeLater("BMC of " + node, bmc(run, net, node, i));
      b.start(Duration.ofSeconds(30));
      bmcs.put(node, b);
    }
    writeConfig(run, net, zk, paths, fuse, bmcs);
    Recorder recorder = new Recorder();
    Map<String, TestNode> nodes = new LinkedHashMap<>();
    for (int i = 1; i <= names.size(); i++) {
      String node = names.get(i - 1);
      createDirectory(run.dir().resolve(node));
      TestNode n =
          new TestNode(
              node,
              i,
              net,
              bmcs.get(node),
              run.dir().resolve(node),
              paths.config(),
              "HX_NODE=" + run.id() + "-" + node,
              isDaemon(paths),
              observeAddress(net, i),
              (tn, k) -> launch(run, tn, k, recorder, fuse));
      nodes.put(node, n);
      run.onClose("processes of " + node, n::crash);
    }
    Observer observer = run.closeLater("observer", observer(net, nodes, paths, recorder));
    observer.start();
    return new TestCluster(o, run, net, zk, nodes, recorder, observer, paths, fuse);
  }

  private Network network(RunContext run) {
    Optional<String> missing = Host.missingNamespaces();
    Isolation want =
        o.isolation().orElse(missing.isEmpty() ? Isolation.NAMESPACES : Isolation.PLAIN);
    if (want == Isolation.NAMESPACES) {
      if (missing.isPresent()) {
        throw new HarnessException("namespace isolation requested but " + missing.get());
      }
      return new NamespaceNetwork(run.id(), names, run.janitor());
    }
    String why = missing.map(m -> " because " + m).orElse(" as requested");
    LOG.warn(
        "PLAIN mode{}: agents run as plain processes on loopback, each in its own mount"
            + " namespace; no partitions",
        why);
    System.err.println("hactl itests: PLAIN mode" + why);
    return new LoopbackNetwork();
  }

  private ZooKeeperEnsemble zookeeper(RunContext run, Network net) {
    List<ZkServer> servers = new ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      String a = net.zkAddress(i);
      servers.add(
          net.isolation() == Isolation.NAMESPACES
              ? new ZkServer(i, a, 2181, 2888, 3888)
              : new ZkServer(i, a, freeTcp(a), freeTcp(a), freeTcp(a)));
    }
    return ZooKeeperEnsemble.forRun(servers, run, o.tickTime());
  }

  private ClusterPaths paths(RunContext run) {
    Path root = run.dir();
    ClusterPaths p = ClusterPaths.under(root);
    try {
      Files.createDirectories(p.spool());
      Files.createDirectories(p.mountpoint());
      Scripts.install("hx-heartbeat.sh", p.heartbeatScript());
      Path timed = Scripts.install("hx-fence-timed.sh", root.resolve("bin/hx-fence-timed.sh"));
      Files.createDirectories(p.fenceAgent().getParent());
      Files.writeString(
          p.fenceAgent(),
          "#!/bin/sh\nexec /bin/sh '" + timed + "' '" + p.fenceLog() + "' fence_ipmilan \"$@\"\n",
          StandardCharsets.UTF_8);
      if (!p.fenceAgent().toFile().setExecutable(true, false)) {
        throw new HarnessException("cannot make " + p.fenceAgent() + " executable");
      }
    } catch (IOException e) {
      throw new HarnessException("cannot prepare " + root, e);
    }
    return p;
  }

  private SimulatedBmc bmc(RunContext run, Network net, String node, int i) {
    String address = net.bmcAddress(i);
    boolean ns = net.isolation() == Isolation.NAMESPACES;
    int port = ns ? 623 : freeUdp(address);
    String match =
        ns ? "net:" + net.netInode(node).getAsLong() : "env:HX_NODE=" + run.id() + "-" + node;
    return new SimulatedBmc(
        node,
        address,
        port,
        run.dir().resolve("bmc").resolve(node),
        match,
        run.id(),
        run.janitor());
  }

  private void writeConfig(
      RunContext run,
      Network net,
      ZooKeeperEnsemble zk,
      ClusterPaths paths,
      FuseSpool fuse,
      Map<String, SimulatedBmc> bmcs) {
    List<ClusterYaml.NodeEntry> entries = new ArrayList<>();
    for (int i = 1; i <= names.size(); i++) {
      String n = names.get(i - 1);
      entries.add(
          new ClusterYaml.NodeEntry(
              n,
              net.nodeAddress(i),
              paths.fenceAgent().toString(),
              bmcs.get(n).fenceOptions(),
              o.fenceTimeout()));
    }
    String mnt = paths.mountpoint().toString();
    List<String> daemon =
        new ArrayList<>(
            List.of("/bin/sh", paths.heartbeatScript().toString(), mnt, o.heartbeatInterval()));
    if (fuse != null) {
      daemon.add("hold");
    }
    Path device = fuse == null ? paths.spool() : fuse.view();
    String yaml =
        shape == null
            ? ClusterYaml.render(
                "hx" + run.id(),
                zk.connectString(),
                o.sessionTimeout(),
                entries,
                o.nofailback(),
                new ClusterYaml.ServiceEntry(device.toString(), mnt, daemon))
            : ClusterYaml.render(
                "hx" + run.id(),
                zk.connectString(),
                o.sessionTimeout(),
                entries,
                o.nofailback(),
                shape.clusterLines(),
                shape.services().apply(paths, net));
    try {
      Files.writeString(paths.config(), yaml, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new HarnessException("cannot write " + paths.config(), e);
    }
  }

  private static void createDirectory(Path dir) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new HarnessException("cannot create " + dir, e);
    }
  }

  private AgentProcess launch(
      RunContext run, TestNode node, int incarnation, Recorder recorder, FuseSpool fuse) {
    List<String> cmd = new ArrayList<>(node.network().enter(node.name()));
    if (fuse != null) {
      cmd.addAll(fuse.boot());
    }
    // -Dhx.agentNice=-10 mirrors the Nice= of the packaged agent unit.
    String nice = System.getProperty("hx.agentNice", "0");
    if (!nice.equals("0")) {
      cmd.addAll(List.of("/usr/bin/nice", "-n", nice));
    }
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(o.agentJvmOptions());
    cmd.add("-Dhx.run=" + run.id());
    cmd.addAll(List.of("-jar", o.hactlJar().toString()));
    cmd.addAll(List.of("agent", "--config", node.config().toString(), "--node", node.name()));
    // The test clusters' fence devices may carry a test password in clear; the first agent may be
    // the one that stores the file (as `config apply --allow-clear-text-secrets` would).
    cmd.add("--allow-clear-text-secrets");
    cmd.addAll(List.of("--listen", node.observeAddress()));
    Path log = node.dir().resolve("agent-" + incarnation + ".log");
    AgentProcess a =
        AgentProcess.start(
            node.name() + "#" + incarnation,
            cmd,
            node.environment(),
            node.dir(),
            log,
            recorder,
            run.startNanos());
    run.janitor().process(run.id(), a.pid(), "-Dhx.run=" + run.id());
    recorder.note(node.name() + " agent #" + incarnation + " started, pid " + a.pid());
    return a;
  }

  private Observer observer(
      Network net, Map<String, TestNode> nodes, ClusterPaths paths, Recorder recorder) {
    List<Target> targets = new ArrayList<>();
    for (TestNode n : nodes.values()) {
      targets.add(
          new Target(n.name(), net.netInode(n.name()), n.marker(), paths.mountpoint().toString()));
    }
    return new Observer(new ProcScanner(targets, isDaemon(paths)), o.observerPeriod(), recorder);
  }

  /** How the observer and the nodes tell the service's daemon by its argv. */
  private Predicate<List<String>> isDaemon(ClusterPaths paths) {
    return shape == null
        ? ProcScanner.script(paths.heartbeatScript().toString())
        : ProcScanner.within(shape.daemonMarker().apply(paths), Integer.MAX_VALUE);
  }

  /**
   * Where node {@code i}'s agent listens: its own address and the default port in its own network
   * namespace; a free loopback port when the nodes share the host's network.
   */
  private static String observeAddress(Network net, int i) {
    return net.isolation() == Isolation.NAMESPACES
        ? net.nodeAddress(i) + ":9464"
        : "127.0.0.1:" + freeTcp("127.0.0.1");
  }

  private static int freeTcp(String address) {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(address))) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new HarnessException("no free TCP port on " + address, e);
    }
  }

  private static int freeUdp(String address) {
    try (DatagramSocket s = new DatagramSocket(0, InetAddress.getByName(address))) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new HarnessException("no free UDP port on " + address, e);
    }
  }
}
