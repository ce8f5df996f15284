package io.hactl.ocf;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real Pacemaker cluster of nodes n1..nN on one host: corosync (knet, no crypto, votequorum) and
 * pacemakerd per node, each node in its own network namespace ({@link NodeNet}) and private mount
 * and UTS namespaces ({@code pacemaker/node.sh}), with a simulated IPMI BMC per node ({@link
 * IpmiBmc}). hactl's agents are installed for the nodes only: each sees the test's OCF root as
 * /usr/lib/ocf. Command-line tools run inside a node with nsenter. Closing kills every node and
 * BMC.
 */
final class PacemakerCluster implements AutoCloseable {
  private static final Pattern RUNNING_ON = Pattern.compile("is running on: (n\\d+)");

  private final NodeNet net;
  private final Path dir;
  private final List<Process> nodes = new ArrayList<>();
  private final List<IpmiBmc> bmcs = new ArrayList<>();

  private PacemakerCluster(NodeNet net, Path dir) {
    this.net = net;
    this.dir = dir;
  }

  /** Skips the test unless corosync, Pacemaker, its tools and the BMC simulator are installed. */
  static void skipUnlessAvailable() {
    NodeNet.skipUnlessAvailable();
    Skip.unlessPrograms(
        "corosync",
        "corosync-cfgtool",
        "pacemakerd",
        "crm_mon",
        "crm_resource",
        "cibadmin",
        "stonith_admin",
        "ipmi_sim",
        "fence_ipmilan",
        "hostname",
        "chown");
  }

  /**
   * Starts {@code size} nodes and their BMCs; returns once every BMC answers. {@code ocf} must be
   * an {@link OcfRoot#forNamespaces} root.
   */
  static PacemakerCluster start(NodeNet net, int size, Path dir, OcfRoot ocf) {
    PacemakerCluster c = new PacemakerCluster(net, dir);
    try {
      Path nodeScript = c.script("node.sh");
      Path hook = c.script("bmc-hook.sh");
      String corosync = corosyncConf(net, size);
      for (int i = 1; i <= size; i++) {
        c.bmcs.add(IpmiBmc.start(net, i, dir.resolve("bmc" + i), hook));
        Path node = c.nodeDir(i, corosync);
        c.nodes.add(
            Proc.start(
                List.of(
                    "ip",
                    "netns",
                    "exec",
                    net.nodeNs(i),
                    "unshare",
                    "-m",
                    "-u",
                    "--propagation",
                    "private",
                    "sh",
                    nodeScript.toString(),
                    node.toString(),
                    "n" + i,
                    ocf.path().toString()),
                Map.of(),
                dir.resolve("n" + i + ".out")));
      }
      return c;
    } catch (IOException | RuntimeException e) {
      c.close();
      throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
    }
  }

  private Path script(String name) throws IOException {
    Path target = dir.resolve(name);
    try (InputStream in = getClass().getResourceAsStream("/pacemaker/" + name)) {
      if (in == null) {
        throw new IOException("test resource pacemaker/" + name + " is missing");
      }
      Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
    }
    Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxr-xr-x"));
    return target;
  }

  private Path nodeDir(int i, String corosync) throws IOException {
    Path node = dir.resolve("n" + i);
    Files.createDirectories(node.resolve("etc-corosync"));
    Files.writeString(node.resolve("etc-corosync/corosync.conf"), corosync);
    Files.createDirectories(node.resolve("lib-corosync"));
    for (String d : List.of("cib", "pengine", "blackbox", "cores")) {
      Files.createDirectories(node.resolve("lib-pacemaker").resolve(d));
    }
    Files.createDirectories(node.resolve("log-pacemaker"));
    Files.setPosixFilePermissions(node, PosixFilePermissions.fromString("rwxr-xr-x"));
    for (String d : List.of("lib-pacemaker", "log-pacemaker")) {
      Proc.Result r =
          Proc.run(
              List.of("chown", "-R", "hacluster:haclient", node.resolve(d).toString()),
              Map.of(),
              Duration.ofSeconds(10),
              dir);
      if (r.rc() != 0) {
        throw new AssertionError(r.describe());
      }
    }
    Files.writeString(node.resolve("pacemaker.log"), "");
    Proc.run(
        List.of("chown", "hacluster:haclient", node.resolve("pacemaker.log").toString()),
        Map.of(),
        Duration.ofSeconds(10),
        dir);
    return node;
  }

  private static String corosyncConf(NodeNet net, int size) {
    StringBuilder b = new StringBuilder();
    b.append("totem {\n  version: 2\n  cluster_name: hactl-ocf\n  transport: knet\n")
        .append("  crypto_cipher: none\n  crypto_hash: none\n}\nnodelist {\n");
    for (int i = 1; i <= size; i++) {
      b.append("  node {\n    ring0_addr: ")
          .append(net.nodeAddress(i))
          .append("\n    name: n")
          .append(i)
          .append("\n    nodeid: ")
          .append(i)
          .append("\n  }\n");
    }
    b.append("}\nquorum {\n  provider: corosync_votequorum\n}\n")
        .append("logging {\n  to_stderr: yes\n  to_syslog: no\n  timestamp: on\n}\n");
    return b.toString();
  }

  /** Runs a command inside node {@code i} (its network, mount and UTS namespaces). */
  Proc.Result cli(int i, String... command) {
    Process node = nodes.get(i - 1);
    if (!node.isAlive()) {
      throw new AssertionError(
          "node n" + i + " is down:\n" + Proc.read(dir.resolve("n" + i + ".out")));
    }
    List<String> cmd =
        new ArrayList<>(
            List.of("nsenter", "-t", Long.toString(node.pid()), "-m", "-u", "-n", "--"));
    cmd.addAll(List.of(command));
    return Proc.run(cmd, Map.of(), Duration.ofSeconds(60), dir);
  }

  /** Like {@link #cli} on node {@code i}, failing the test unless the command succeeds. */
  String cliOk(int i, String... command) {
    Proc.Result r = cli(i, command);
    if (r.rc() != 0) {
      throw new AssertionError("on n" + i + ": " + r.describe());
    }
    return r.output();
  }

  /** Waits until node {@code via} sees a DC and every node in {@code online} online. */
  void awaitMembers(int via, String online, Duration timeout) {
    await("a DC and Online: [ " + online + " ] seen from n" + via)
        .atMost(timeout)
        .pollInterval(Duration.ofSeconds(1))
        .until(
            () -> {
              String mon = cli(via, "crm_mon", "-1").output();
              return mon.contains("Current DC: n") && mon.contains("Online: [ " + online + " ]");
            });
  }

  /** Where Pacemaker says {@code resource} runs, asked on node {@code via}. */
  Optional<String> locate(int via, String resource) {
    Matcher m = RUNNING_ON.matcher(cli(via, "crm_resource", "--locate", "-r", resource).output());
    return m.find() ? Optional.of(m.group(1)) : Optional.empty();
  }

  /** Cuts node {@code i}'s power without a word to anyone: every process of it gets KILL. */
  void crash(int i) {
    net.killAll(net.nodeNs(i));
  }

  IpmiBmc bmc(int i) {
    return bmcs.get(i - 1);
  }

  @Override
  public void close() {
    for (int i = 1; i <= nodes.size(); i++) {
      net.killAll(net.nodeNs(i));
    }
    nodes.forEach(p -> Proc.stop(p, Duration.ofSeconds(1)));
    bmcs.forEach(IpmiBmc::close);
  }
}
