package io.hactl.itests.scale;

import io.hactl.itests.cluster.HactlCommand;
import io.hactl.itests.support.Daemon;
import io.hactl.itests.support.Environment;
import io.hactl.itests.support.RunContext;
import io.hactl.itests.support.Scripts;
import io.hactl.itests.zk.FourLetterWord;
import io.hactl.itests.zk.ZkServer;
import io.hactl.itests.zk.ZooKeeperEnsemble;
import io.hactl.testkit.support.HarnessException;
import io.hactl.testkit.support.Procfs;
import java.io.IOException;
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
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The scale benchmark's cluster: a three-server ensemble from the harness on loopback, the
 * configuration (stored first with every service disabled), and one plain agent process per node.
 * Agents and daemons carry {@code HX_SCALE=RUN} in their environment, so teardown (and a node
 * crash) finds every process by it.
 */
final class ScaleCluster {
  private static final String ADDRESS = "127.0.0.1";
  private static final Pattern NEGOTIATED = Pattern.compile("negotiated session timeout (\\d+) ms");

  final ScaleOptions o;
  final RunContext run;
  final String cluster;
  final ZooKeeperEnsemble zk;
  final Path fenceLog;
  private final Path fenceAgent;
  private final Map<String, Daemon> agents = new LinkedHashMap<>();

  ScaleCluster(ScaleOptions o, RunContext run) {
    this.o = o;
    this.run = run;
    this.cluster = "hs" + run.id();
    List<ZkServer> servers = new ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      servers.add(new ZkServer(i, ADDRESS, freeTcp(), freeTcp(), freeTcp()));
    }
    zk = ZooKeeperEnsemble.forRun(servers, run, o.tickTime());
    fenceLog = run.dir().resolve("fence-calls.log");
    fenceAgent = run.dir().resolve("bin/fence-dummy-timed");
  }

  /** Starts the ensemble and stores the configuration with every service disabled. */
  void prepare() {
    run.closeLater("zookeeper", zk);
    run.onClose("agents and daemons", this::killAll);
    zk.start(Duration.ofSeconds(60));
    Path timed = Scripts.install("hx-fence-timed.sh", run.dir().resolve("bin/hx-fence-timed.sh"));
    write(
        fenceAgent,
        "#!/bin/sh\nexec /bin/sh '" + timed + "' '" + fenceLog + "' fence_dummy \"$@\"\n");
    if (!fenceAgent.toFile().setExecutable(true, false)) {
      throw new HarnessException("cannot make " + fenceAgent + " executable");
    }
    apply(false);
  }

  /** Stores the configuration with every service enabled (true) or disabled. */
  void apply(boolean enabled) {
    Path file = config(enabled);
    var r =
        new HactlCommand(Environment.hactlJar(), file)
            .run(o.timeout(), "config", "apply", "--yes", file.toString());
    if (!r.succeeded()) {
      throw new HarnessException("hactl config apply failed: " + r.describe());
    }
  }

  private Path config(boolean enabled) {
    Path file = run.dir().resolve(enabled ? "cluster.yaml" : "cluster-disabled.yaml");
    write(file, ScaleConfig.render(o, cluster, zk.connectString(), fenceAgent.toString(), enabled));
    return file;
  }

  /** Starts every agent at once. */
  void startAgents() {
    Path file = config(false);
    for (int i = 0; i < o.agents(); i++) {
      String node = o.node(i);
      Path dir = run.dir().resolve(node);
      try {
        Files.createDirectories(dir);
      } catch (IOException e) {
        throw new HarnessException("cannot create " + dir, e);
      }
      List<String> cmd = new ArrayList<>();
      cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      cmd.addAll(o.agentJvmOptions());
      cmd.add("-Dhx.run=" + run.id());
      cmd.addAll(List.of("-jar", Environment.hactlJar().toString()));
      cmd.addAll(List.of("agent", "--config", file.toString(), "--node", node, "--listen", "none"));
      Daemon d =
          Daemon.toFile(
              node,
              cmd,
              Map.of("HX_SCALE", run.id(), "HX_NODE", run.id() + "-" + node),
              dir,
              dir.resolve("agent.log"));
      run.janitor().process(run.id(), d.pid(), "-Dhx.run=" + run.id());
      agents.put(node, d);
    }
  }

  /** Whether agent {@code node} logged that it runs. */
  boolean joined(String node) {
    return log(node).contains("agent " + node + " running:");
  }

  /** The session timeout ZooKeeper granted {@code node}'s agent, if it logged it. */
  OptionalLong negotiatedMillis(String node) {
    Matcher m = NEGOTIATED.matcher(log(node));
    return m.find() ? OptionalLong.of(Long.parseLong(m.group(1))) : OptionalLong.empty();
  }

  private String log(String node) {
    try {
      return Files.readString(run.dir().resolve(node).resolve("agent.log"));
    } catch (IOException e) {
      return "";
    }
  }

  List<String> nodes() {
    return List.copyOf(agents.keySet());
  }

  long pid(String node) {
    return agents.get(node).pid();
  }

  /** Pids of the agents still alive. */
  List<Long> livePids() {
    return agents.values().stream().filter(Daemon::alive).map(Daemon::pid).toList();
  }

  /** KILL of an agent and every daemon it started: a node crash. */
  List<Long> crash(String node) {
    String mine = "HX_NODE=" + run.id() + "-" + node;
    String daemonOf = "HACTL_NODE=" + node;
    String ours = "HACTL_CLUSTER=" + cluster;
    return Procfs.killUntilGone(
        "node " + node,
        pid -> {
          List<String> env = Procfs.environ(pid);
          return env.contains(mine) || (env.contains(ours) && env.contains(daemonOf));
        },
        Duration.ofSeconds(10));
  }

  /** The ensemble's last zxid as the servers report it (the highest of those that answer). */
  long zxid() {
    long max = -1;
    for (ZkServer s : zk.servers()) {
      var srvr = FourLetterWord.ask(s.address(), s.clientPort(), "srvr", Duration.ofSeconds(2));
      if (srvr.isPresent()) {
        for (String line : srvr.get().split("\n")) {
          if (line.startsWith("Zxid:")) {
            max = Math.max(max, Long.decode(line.substring(5).trim()));
          }
        }
      }
    }
    return max;
  }

  private void killAll() {
    String mark = "HX_SCALE=" + run.id();
    String ours = "HACTL_CLUSTER=" + cluster;
    Procfs.killAll(
        pid -> {
          List<String> env = Procfs.environ(pid);
          return env.contains(mark) || env.contains(ours);
        },
        20);
  }

  private static void write(Path file, String text) {
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new HarnessException("cannot write " + file, e);
    }
  }

  private static int freeTcp() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(ADDRESS))) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new HarnessException("no free TCP port on " + ADDRESS, e);
    }
  }
}
