package io.hactl.itests.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hactl.config.ConfigParser;
import io.hactl.itests.cluster.AgentProcess;
import io.hactl.itests.cluster.ClusterYaml;
import io.hactl.itests.cluster.TestNode;
import io.hactl.process.ProcessResult;
import io.hactl.testkit.check.Checker;
import io.hactl.testkit.support.Waits;
import io.hactl.zk.ZkLayout;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.CreateMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Junk in every kind of hactl znode under a running three-node cluster (issue 8, hostile data): the
 * configuration, the service's admin, breadcrumb and state nodes, 300 bans, a history event, a
 * fence acknowledgement, a standby's membership node and a membership node of no configured node,
 * written by a plain ZooKeeper client from the host (the harness' clusters run without
 * authentication). The service keeps running on its owner with no violation seen from outside;
 * {@code hactl status} and {@code hactl history} end normally and name the bad znodes; the agents'
 * logs stay bounded; a standby agent restarted over the corrupt configuration neither runs the
 * service nor loops; {@code hactl config apply} and {@code hactl clear-request} repair it.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class HostileZnodesIT extends ScenarioSupport {
  private static final byte[] JUNK =
      "\u0000{\"junk\": [1, 2,\u00ff not json".getBytes(StandardCharsets.ISO_8859_1);
  private static final int JUNK_BANS = 300;
  private static final Duration EXPOSURE = Duration.ofSeconds(20);
  private static final Duration RESTART_WATCH = Duration.ofSeconds(30);

  /** What an agent may log in {@link #EXPOSURE} of junk: a report per bad znode, not a flood. */
  private static final long MAX_LOG_LINES = 1_000;

  private static final Duration COMMAND = Duration.ofSeconds(60);

  /**
   * Longest observer gap accepted here. The junk itself loads the machine: three agents each report
   * 300 bad bans (log and history) and three ZooKeeper servers store those events, and on a shared
   * two-core machine the observer then missed single scans of up to 424 ms (the harness' default
   * allows 250 ms). No fault is injected here, so a second runner would have to start and stop
   * again inside such a gap to be missed.
   */
  private static final Duration MAX_BLIND = Duration.ofMillis(750);

  private long t0;

  @Test
  void junkInEveryKindOfZnodeLeavesTheServiceRunningAndNamed() throws Exception {
    t0 = System.nanoTime();
    String owner = owner();
    String standby = other(owner);
    ZkLayout layout =
        new ZkLayout(new ConfigParser().parseFile(cluster.paths().config()).cluster().root());
    String svc = ClusterYaml.SERVICE;
    Map<String, Long> linesBefore = agentLogLines();

    List<String> junk = new ArrayList<>();
    String event;
    Map<String, Long> linesAfter;
    try (CuratorFramework zk = ScenarioSupport.hostClient(cluster)) {
      for (String p :
          List.of(
              layout.config(),
              layout.admin(svc),
              layout.breadcrumb(svc),
              layout.state(svc),
              layout.fenceAck(standby),
              layout.node(standby),
              layout.node("junk-member"))) {
        put(zk, p, JUNK);
        junk.add(p);
      }
      for (int i = 0; i < JUNK_BANS; i++) {
        put(zk, layout.bans(svc) + "/junk-" + i, JUNK);
      }
      event =
          zk.create()
              .withMode(CreateMode.PERSISTENT_SEQUENTIAL)
              .forPath(layout.historyPrefix(), JUNK);
      System.err.println("junk written: " + junk + ", " + JUNK_BANS + " bans, event " + event);

      Waits.pause(EXPOSURE);

      assertEquals(owner, owner(), "the service stays on its owner");
      assertSafe();

      Run status = hactl("status");
      String out = status.output();
      System.err.println(
          "hactl status: exit " + status.exit() + ", " + out.lines().count() + " lines");
      assertTrue(
          status.exit() == 0 || status.exit() == 1,
          "hactl status ends normally (0, or 1 for corruption): exit "
              + status.exit()
              + "\n"
              + out);
      for (String p : junk) {
        boolean stillJunk = Arrays.equals(JUNK, zk.getData().forPath(p));
        if (stillJunk) {
          assertTrue(out.contains(p), "hactl status names the corrupt " + p + ":\n" + out);
        } else {
          System.err.println(p + " was rewritten by an agent during the junk phase");
        }
      }
      assertTrue(
          out.contains(layout.bans(svc) + "/junk-"), "hactl status names a junk ban:\n" + out);

      Run history = hactl("history");
      String hist = history.output();
      System.err.println("hactl history: exit " + history.exit() + "\n" + hist);
      assertEquals(0, history.exit(), "hactl history works:\n" + hist);
      assertTrue(
          hist.contains(event), "hactl history names the junk event " + event + ":\n" + hist);

      linesAfter = agentLogLines();
      restartOverCorruptConfig(standby, owner, layout.config());

      ProcessResult apply =
          cluster.hactl(
              COMMAND,
              "config",
              "apply",
              "--yes",
              "--allow-clear-text-secrets",
              cluster.paths().config().toString());
      assertTrue(
          apply.succeeded(), "hactl config apply repairs the configuration: " + apply.describe());
      ProcessResult clear = cluster.hactl(COMMAND, "clear-request", svc);
      assertTrue(clear.succeeded(), "hactl clear-request repairs admin: " + clear.describe());
      // No hactl command removes a ban or an acknowledgement it cannot read: ZooKeeper's own.
      zk.delete().deletingChildrenIfNeeded().forPath(layout.bans(svc));
      zk.delete().forPath(layout.fenceAck(standby));
      zk.delete().forPath(layout.node("junk-member"));
    }
    TestNode restarted = cluster.node(standby);
    if (!restarted.agentAlive()) {
      restarted.startAgent();
      cluster.awaitJoined(restarted); // after the repair the agent starts as usual
    }
    assertEquals(owner, owner(), "the service stays on its owner");
    assertSafe();
    for (String n : cluster.nodeNames()) {
      long added = linesAfter.get(n) - linesBefore.get(n);
      System.err.printf("%s's agent logged %d lines during the junk%n", n, added);
      assertTrue(
          added <= MAX_LOG_LINES,
          n
              + "'s agent logged "
              + added
              + " lines in the "
              + EXPOSURE.toSeconds()
              + " s of junk; bound "
              + MAX_LOG_LINES);
    }
  }

  /**
   * Stops the standby's agent and starts it again over the corrupt stored configuration; watches it
   * for {@link #RESTART_WATCH}. First what is safe whatever it does: it never runs the service (the
   * observer sees one runner, the owner). Then issue 8's expectation: it does not exit (under
   * systemd an exit is a crash loop) but runs with its local file, saying so with the znode's path.
   */
  private void restartOverCorruptConfig(String standby, String owner, String configZnode) {
    TestNode n = cluster.node(standby);
    assertTrue(n.agent().stop(Duration.ofSeconds(20)), standby + "'s agent stops on TERM");
    AgentProcess a = n.startAgent();
    long started = System.nanoTime();
    boolean exited = a.awaitExit(RESTART_WATCH);
    long ms = (System.nanoTime() - started) / 1_000_000;
    System.err.println(
        standby
            + "'s agent restarted over the corrupt configuration: "
            + (exited
                ? "exited with code " + a.exitCode() + " after " + ms + " ms"
                : "still running after " + ms + " ms")
            + "; its log: "
            + newestLog(n).map(HostileZnodesIT::tail).orElse("none"));
    assertEquals(owner, owner(), "the service stays on its owner");
    assertSafe();
    assertTrue(
        !exited,
        standby
            + "'s agent exited ("
            + a.exitCode()
            + ") over a corrupt stored configuration; it must start with its local file");
    String log = newestLog(n).map(HostileZnodesIT::text).orElse("");
    assertTrue(log.contains("agent " + standby + " running"), standby + " runs:\n" + log);
    assertTrue(log.contains(configZnode), standby + "'s log names " + configZnode + ":\n" + log);
  }

  /** The checker over this test's part of the timeline, allowing {@link #MAX_BLIND}. */
  private void assertSafe() {
    failOn(
        cluster,
        new Checker(MAX_BLIND)
            .check(cluster.timeline()).stream().filter(v -> v.nanos() >= t0).toList());
  }

  /** What a command printed (stdout and stderr, complete) and its exit status. */
  private record Run(int exit, String output) {}

  /**
   * Runs {@code hactl ARGS --config FILE} with its whole output kept (a status naming 300 bad bans
   * is longer than what the harness' runner keeps); fails when it does not end within {@link
   * #COMMAND}.
   */
  private static Run hactl(String... args) throws IOException, InterruptedException {
    Path out = Files.createTempFile(cluster.run().dir(), "hactl-" + args[0] + "-", ".out");
    List<String> cmd =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                cluster.options().hactlJar().toString()));
    cmd.addAll(List.of(args));
    cmd.addAll(List.of("--config", cluster.paths().config().toString()));
    Process p =
        new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
    if (!p.waitFor(COMMAND.toSeconds(), TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("hactl " + args[0] + " did not end within " + COMMAND);
    }
    return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
  }

  private static void put(CuratorFramework zk, String path, byte[] data) throws Exception {
    if (zk.checkExists().forPath(path) == null) {
      zk.create().creatingParentsIfNeeded().forPath(path, data);
    } else {
      zk.setData().forPath(path, data);
    }
  }

  /** Lines in every agent log of each node so far. */
  private static Map<String, Long> agentLogLines() {
    Map<String, Long> out = new LinkedHashMap<>();
    for (TestNode n : cluster.nodes()) {
      long lines = 0;
      for (Path log : agentLogs(n)) {
        try (Stream<String> s = Files.lines(log, StandardCharsets.ISO_8859_1)) {
          lines += s.count();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
      out.put(n.name(), lines);
    }
    return out;
  }

  private static List<Path> agentLogs(TestNode n) {
    try (Stream<Path> s = Files.list(n.dir())) {
      return s.filter(p -> p.getFileName().toString().matches("agent-\\d+\\.log"))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static java.util.Optional<Path> newestLog(TestNode n) {
    return agentLogs(n).stream()
        .max(
            java.util.Comparator.comparingInt(
                p -> Integer.parseInt(p.getFileName().toString().replaceAll("\\D", ""))));
  }

  /** The log's last lines other than reports of junk bans. */
  private static String tail(Path log) {
    List<String> lines = text(log).lines().filter(l -> !l.contains("/bans/junk-")).toList();
    return "\n  "
        + String.join("\n  ", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
  }

  private static String text(Path log) {
    try {
      return Files.readString(log, StandardCharsets.ISO_8859_1);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
