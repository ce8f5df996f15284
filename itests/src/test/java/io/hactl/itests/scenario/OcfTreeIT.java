package io.hactl.itests.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hactl.itests.Needs;
import io.hactl.itests.cluster.ClusterOptions;
import io.hactl.itests.cluster.ClusterPaths;
import io.hactl.itests.cluster.ClusterYaml;
import io.hactl.itests.cluster.HactlCommand;
import io.hactl.itests.cluster.ServiceShape;
import io.hactl.itests.cluster.TestCluster;
import io.hactl.itests.nemesis.Budgets;
import io.hactl.itests.nemesis.Nemesis;
import io.hactl.itests.support.Environment;
import io.hactl.process.ProcessResult;
import io.hactl.testkit.check.Sample;
import io.hactl.testkit.net.Isolation;
import io.hactl.testkit.net.NamespaceNetwork;
import io.hactl.testkit.support.CommandResult;
import io.hactl.testkit.support.Shell;
import io.hactl.testkit.support.Waits;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A service made only of OCF agents, run by hactl on three namespace nodes: {@code
 * ocf:heartbeat:Filesystem} bind-mounts the spool, {@code ocf:heartbeat:IPaddr2} raises a floating
 * address on the nodes' shared network, {@code ocf:hactl:quartz-demo} runs the demo scheduler on
 * the spool. Through a crash failover and a planned relocation, the outside observer sees one node
 * holding the spool and running the scheduler, and a client in a namespace of its own reaches the
 * floating address at the owner: its ARP answer carries the owner's MAC and no other node has the
 * address.
 *
 * <p>A crash here is a power loss: every process of the node is killed and its NIC goes dark at the
 * same moment (the simulated BMC kills processes only, and a live NIC would keep answering for the
 * floating address); when the node comes back its volatile address configuration is gone.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@OwnCluster
class OcfTreeIT extends ScenarioSupport {
  /** Longer than a scheduler JVM that fails at start lives, and than two observer scans. */
  private static final Duration STEADY = Duration.ofSeconds(3);

  private static final Path SYSTEM_OCF = Path.of("/usr/lib/ocf");
  private static final Path HACTL_AGENTS = Path.of("..", "resource-agents", "src", "main", "ocf");
  private static final int VIP_OCTET = 150;
  private static final int CLIENT_OCTET = 240;
  private static final Pattern MAC = Pattern.compile("(?:link/ether|lladdr) ([0-9a-f:]{17})");

  @TempDir static Path tmp;
  private static NamespaceNetwork net;
  private static String client;
  private static String vip;
  private static final Shell SHELL = new Shell(Duration.ofSeconds(10));

  /** Hides {@link ScenarioSupport#startCluster}: this class's cluster runs an OCF tree. */
  @BeforeAll
  static void startCluster() {
    Needs.namespaces();
    Needs.programs("ipmi_sim", "fence_ipmilan", "ping", "modprobe");
    for (String agent : List.of("Filesystem", "IPaddr2")) {
      Path p = SYSTEM_OCF.resolve("resource.d/heartbeat").resolve(agent);
      Needs.skipIf(
          Files.isExecutable(p)
              ? Optional.empty()
              : Optional.of("needs " + p + " (Debian resource-agents)"));
    }
    Path quartz = HACTL_AGENTS.resolve("resource.d/hactl/quartz-demo");
    Needs.skipIf(
        Files.isRegularFile(quartz)
            ? Optional.empty()
            : Optional.of("needs ocf:hactl:quartz-demo at " + quartz.toAbsolutePath()));
    ClusterOptions d = ClusterOptions.fromSystemProperties();
    Needs.skipIf(HactlCommand.missingAgent(d.hactlJar()));
    Path demoJar = Environment.demoJar();
    Needs.skipIf(
        Files.isRegularFile(demoJar)
            ? Optional.empty()
            : Optional.of("needs the demo scheduler jar " + demoJar + " (mvn package -pl demo)"));
    Path ocfRoot = ocfRoot();
    // Session 9 s: three OCF stops must fit a third of it (the emergency budget of rule 4).
    ClusterOptions o =
        d.withIsolation(Isolation.NAMESPACES)
            .withSessionTimeout(Duration.ofSeconds(9))
            .withStartBudget(Duration.ofSeconds(30))
            .withStoreConfigFirst(true);
    ServiceShape shape =
        new ServiceShape(
            "  ocfRoot: " + ClusterYaml.q(ocfRoot.toString()) + "\n",
            (paths, network) ->
                services(
                    paths, ((NamespaceNetwork) network).address(VIP_OCTET), Environment.demoJar()),
            OcfTreeIT::daemonMarker);
    cluster = TestCluster.start(o, shape);
    net = (NamespaceNetwork) cluster.network();
    vip = net.address(VIP_OCTET);
    client = net.addClient("cli", CLIENT_OCTET);
    cluster.startAgents();
    cluster.awaitOwner(Duration.ofSeconds(120));
    Duration s =
        cluster.negotiatedSessionTimeouts().values().stream()
            .findFirst()
            .orElse(o.sessionTimeout());
    nemesis = new Nemesis(cluster, Budgets.of(o, s));
  }

  /** An OCF root with Debian's heartbeat agents and hactl's own agents from this source tree. */
  private static Path ocfRoot() {
    try {
      return linkedOcfRoot(tmp.resolve("ocf"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot build the OCF root under " + tmp, e);
    }
  }

  private static Path linkedOcfRoot(Path root) throws IOException {
    Files.createDirectories(root.resolve("resource.d"));
    Files.createDirectories(root.resolve("lib"));
    Files.createSymbolicLink(
        root.resolve("resource.d/heartbeat"), SYSTEM_OCF.resolve("resource.d/heartbeat"));
    Files.createSymbolicLink(root.resolve("lib/heartbeat"), SYSTEM_OCF.resolve("lib/heartbeat"));
    Files.createSymbolicLink(
        root.resolve("resource.d/hactl"),
        HACTL_AGENTS.resolve("resource.d/hactl").toAbsolutePath().normalize());
    Files.createSymbolicLink(
        root.resolve("lib/hactl"), HACTL_AGENTS.resolve("lib/hactl").toAbsolutePath().normalize());
    return root;
  }

  private static String services(ClusterPaths p, String vip, Path jar) {
    String mnt = p.mountpoint().toString();
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return "services:\n"
        + "  "
        + ClusterYaml.SERVICE
        + ":\n"
        + "    domain: all\n"
        + "    recovery: {policy: restart, maxRestarts: 3, window: 60s}\n"
        + "    resources:\n"
        + "      - type: ocf\n"
        + "        name: spool\n"
        + "        agent: Filesystem\n"
        + "        params: {device: "
        + ClusterYaml.q(p.spool().toString())
        + ", directory: "
        + ClusterYaml.q(mnt)
        + ", fstype: none, options: bind}\n"
        + timeouts("20s", "800ms", "        ")
        + "        children:\n"
        + "          - type: ocf\n"
        + "            name: vip\n"
        + "            agent: IPaddr2\n"
        + "            params: {ip: "
        + ClusterYaml.q(vip)
        + ", cidr_netmask: \"24\", nic: eth0}\n"
        + timeouts("20s", "500ms", "            ")
        + "            children:\n"
        + "              - type: ocf\n"
        + "                name: scheduler\n"
        + "                provider: hactl\n"
        + "                agent: quartz-demo\n"
        + "                params:\n"
        + "                  spool: "
        + ClusterYaml.q(mnt)
        + "\n                  java: "
        + ClusterYaml.q(java)
        + "\n                  classpath: "
        + ClusterYaml.q(jar.toString())
        + "\n                  pidfile: "
        + ClusterYaml.q(mnt + "/quartz-demo.pid")
        + "\n                  logfile: "
        + ClusterYaml.q(mnt + "/quartz-demo.log")
        + "\n                  jvm_options: "
        + ClusterYaml.q("-Xmx64m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 " + daemonMarker(p))
        + "\n"
        + timeouts("60s", "900ms", "                ");
  }

  /**
   * How the observer tells this run's scheduler JVM from any other process, a demo scheduler of
   * another test included: a JVM option naming this run's spool, which nothing else carries.
   */
  private static String daemonMarker(ClusterPaths p) {
    return "-Dhx.spool=" + p.mountpoint();
  }

  /** Every timeout explicit, so that no node depends on its own copy of the agents' advice. */
  private static String timeouts(String start, String emergency, String indent) {
    return indent
        + "startTimeout: "
        + start
        + "\n"
        + indent
        + "stopTimeout: 30s\n"
        + indent
        + "monitorInterval: 5s\n"
        + indent
        + "monitorTimeout: 5s\n"
        + indent
        + "emergencyStopTimeout: "
        + emergency
        + "\n";
  }

  @Test
  @Order(1)
  void theTreeRunsOnOneNodeAndTheClientReachesItAtTheFloatingAddress() {
    String owner = steadyOwner();
    assertVipAt(owner);
    assertNoViolations();
  }

  @Test
  @Order(2)
  void aCrashedOwnerIsFencedAndTheTreeWithItsAddressMoves() {
    String victim = steadyOwner();
    String victimNs = net.nodeNs(victim);
    String now;
    SHELL.run("ip", "-n", victimNs, "link", "set", "eth0", "down");
    try {
      nemesis.crashNode("crash of owner " + victim, victim);
      now = steadyOwner();
      assertNotEquals(victim, now, "the service moved");
      assertVipAt(now);
    } finally {
      // The victim comes back as after a reboot: no floating address left, NIC up.
      SHELL.tryRun(List.of("ip", "-n", victimNs, "addr", "del", vip + "/24", "dev", "eth0"));
      SHELL.run("ip", "-n", victimNs, "link", "set", "eth0", "up");
    }
    nemesis.restore(Duration.ofSeconds(120));
    assertEquals(now, steadyOwner(), "nofailback: the service stays where it went");
    assertVipAt(now);
    assertNoViolations();
  }

  @Test
  @Order(3)
  void aRelocationMovesTheTreeWithItsAddress() {
    String from = steadyOwner();
    String to = other(from);
    var r = nemesis.relocate("relocate " + from + " -> " + to, to);
    assertEquals(to, steadyOwner(), "running on the target: " + r.outcome());
    assertVipAt(to);
    assertNoViolations();
  }

  /**
   * The node that runs the scheduler steadily: the observer sees the same scheduler JVM on it alone
   * for {@link #STEADY} (longer than a scheduler that fails at start lives), and {@code hactl
   * status} says RUNNING there. A crash loop moving between nodes is not an owner.
   */
  private static String steadyOwner() {
    var seen =
        new Object() {
          String node;
          List<Long> daemons = List.of();
          long since;
        };
    Waits.until(
        "one node running the scheduler steadily for " + STEADY.toMillis() + " ms",
        Duration.ofSeconds(90),
        Duration.ofMillis(100),
        () -> {
          Sample s = cluster.recorder().latest();
          String runner = s == null ? null : s.soleRunner();
          List<Long> daemons = runner == null ? List.of() : s.node(runner).daemons();
          long now = System.nanoTime();
          if (runner == null || !runner.equals(seen.node) || !daemons.equals(seen.daemons)) {
            seen.node = runner;
            seen.daemons = daemons;
            seen.since = now;
            return false;
          }
          return now - seen.since >= STEADY.toNanos();
        });
    String owner = seen.node;
    ProcessResult status = cluster.hactl(Duration.ofSeconds(30), "status");
    boolean claimed =
        status.output().stream()
            .map(String::trim)
            .map(l -> l.split("\\s+"))
            .anyMatch(
                f ->
                    f.length >= 3
                        && f[0].equals(ClusterYaml.SERVICE)
                        && f[1].equals("RUNNING")
                        && f[2].equals(owner));
    assertTrue(
        claimed, "hactl status shows the service RUNNING on " + owner + ": " + status.describe());
    return owner;
  }

  /**
   * The floating address is configured on {@code owner} alone, and a client in another namespace
   * pings it and learns the owner's MAC for it (its neighbour cache flushed first).
   */
  private static void assertVipAt(String owner) {
    Waits.until(
        "the floating address " + vip + " on " + owner + " only",
        Duration.ofSeconds(30),
        Duration.ofMillis(200),
        () -> holders().equals(List.of(owner)));
    String ownerMac = mac(List.of("ip", "-n", net.nodeNs(owner), "-o", "link", "show", "eth0"));
    Waits.until(
        "a client reaching " + vip + " at " + owner + " (" + ownerMac + ")",
        Duration.ofSeconds(30),
        Duration.ofMillis(500),
        () -> {
          SHELL.tryRun(List.of("ip", "-n", client, "neigh", "flush", "all"));
          CommandResult ping =
              SHELL.tryRun(
                  List.of("ip", "netns", "exec", client, "ping", "-n", "-c", "1", "-W", "2", vip));
          if (!ping.succeeded()) {
            return false;
          }
          String answer = mac(List.of("ip", "-n", client, "neigh", "show", vip));
          return ownerMac.equals(answer);
        });
  }

  /**
   * The nodes whose live eth0 carries the floating address, read from outside; a dark NIC (a
   * powered-off node) holds nothing.
   */
  private static List<String> holders() {
    List<String> out = new ArrayList<>();
    for (String n : cluster.nodeNames()) {
      List<String> link = SHELL.run("ip", "-n", net.nodeNs(n), "-o", "link", "show", "eth0");
      if (link.stream().noneMatch(l -> l.contains(",UP"))) {
        continue;
      }
      List<String> addrs = SHELL.run("ip", "-n", net.nodeNs(n), "-4", "-o", "addr", "show");
      if (addrs.stream().anyMatch(l -> l.contains(" " + vip + "/"))) {
        out.add(n);
      }
    }
    return out;
  }

  private static String mac(List<String> command) {
    CommandResult r = SHELL.tryRun(command);
    for (String line : r.output()) {
      Matcher m = MAC.matcher(line);
      if (m.find()) {
        return m.group(1);
      }
    }
    return "none";
  }
}
