package io.hactl.itests.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.hactl.agent.TestFaults;
import io.hactl.config.ClusterConfig;
import io.hactl.config.ConfigParser;
import io.hactl.history.History;
import io.hactl.history.HistoryEvent;
import io.hactl.itests.check.Expectation;
import io.hactl.itests.check.Violation;
import io.hactl.itests.cluster.ClusterOptions;
import io.hactl.itests.cluster.ClusterYaml;
import io.hactl.itests.cluster.TestCluster;
import io.hactl.itests.nemesis.Budgets;
import io.hactl.itests.support.Waits;
import io.hactl.process.ProcessResult;
import io.hactl.zk.ZkClients;
import io.hactl.zk.ZkLayout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.curator.framework.CuratorFramework;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * DESIGN rule 9 with real agents: the owner's resource code throws an unexpected exception (every
 * monitor of that node, through the agents' test-only fault hook {@link TestFaults}); the agent
 * logs it with its stack at ERROR, records it in the history, and handles it by the recovery
 * policy: restarts in place, then relocates. Throughout, {@code hactl status} never claims RUNNING
 * for a node on which the outside observer sees no daemon, and the checker sees one owner at most.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class UnexpectedFailureIT {
  private static TestCluster cluster;
  private static Budgets budgets;
  private static Path faults;

  @BeforeAll
  static void startCluster() throws IOException {
    Path base = ClusterOptions.fromSystemProperties().baseDir();
    Files.createDirectories(base);
    faults = Files.createTempDirectory(base, "faults-");
    cluster =
        ScenarioSupport.start(
            o -> o.withAgentJvmOptions(List.of("-D" + TestFaults.PROPERTY + "=" + faults)));
    budgets = ScenarioSupport.budgets(cluster);
  }

  @AfterAll
  static void stopCluster() throws IOException {
    if (cluster != null) {
      cluster.close();
      cluster = null;
    }
    if (faults != null) {
      try (Stream<Path> files = Files.list(faults)) {
        for (Path p : files.toList()) {
          Files.deleteIfExists(p);
        }
      }
      Files.deleteIfExists(faults);
    }
  }

  /** One line of {@code hactl status} for the service: state and owner. */
  private record Claim(String state, String owner, long nanos) {}

  private static Optional<Claim> status() {
    ProcessResult r = cluster.hactl(Duration.ofSeconds(30), "status");
    long at = System.nanoTime();
    return r.output().stream()
        .map(String::trim)
        .filter(l -> l.startsWith(ClusterYaml.SERVICE + " "))
        .findFirst()
        .map(l -> l.split("\\s+"))
        .filter(f -> f.length >= 3)
        .map(f -> new Claim(f[1], f[2], at));
  }

  @Test
  void aResourceThatThrowsIsHandledByThePolicyAndStatusNeverClaimsADeadDaemonRunning()
      throws Exception {
    String victim = cluster.awaitOwner(Duration.ofSeconds(60));
    long t0 = System.nanoTime();
    // Every monitor on the victim throws from now on: MAX_RESTARTS restarts in place, then the
    // policy relocates the service elsewhere.
    Duration budget =
        budgets
            .restart()
            .plus(Duration.ofSeconds(4))
            .multipliedBy(ClusterYaml.MAX_RESTARTS + 1)
            .plus(budgets.relocation());
    cluster
        .recorder()
        .expect(
            new Expectation.Recovery(
                "monitor throws on " + victim, t0, t0 + budget.toNanos(), null, victim));
    Path trigger = faults.resolve(victim);
    Files.writeString(trigger, "throw\n");
    List<String> falseClaims = new ArrayList<>();
    List<Claim> seen = new ArrayList<>();
    String newOwner = null;
    long deadline = t0 + budget.toNanos();
    try {
      while (System.nanoTime() < deadline && newOwner == null) {
        Optional<Claim> c = status();
        c.ifPresent(seen::add);
        if (c.isPresent() && c.get().state().equals("RUNNING")) {
          String claimed = c.get().owner();
          // The observer samples every few ms; give it a moment to see a daemon just started.
          boolean daemonThere =
              Waits.poll(
                  Duration.ofSeconds(2),
                  Duration.ofMillis(50),
                  () -> cluster.owner().map(claimed::equals).orElse(false));
          if (!daemonThere) {
            Optional<Claim> again = status();
            if (again.isPresent()
                && again.get().state().equals("RUNNING")
                && again.get().owner().equals(claimed)
                && !cluster.owner().map(claimed::equals).orElse(false)) {
              falseClaims.add(claimed + " at +" + (again.get().nanos() - t0) / 1_000_000 + " ms");
            }
          } else if (!claimed.equals(victim)) {
            newOwner = claimed;
          }
        }
        Waits.pause(Duration.ofMillis(300));
      }
    } finally {
      Files.deleteIfExists(trigger);
    }
    System.err.println("status seen: " + seen);
    assertEquals(List.of(), falseClaims, "status claimed RUNNING for a node without its daemon");
    assertTrue(
        newOwner != null, "the service was relocated by policy within " + budget + ": " + seen);
    assertNotEquals(victim, newOwner);

    String h = history();
    assertTrue(h.contains("injected test fault"), "the exception is in the history:\n" + h);
    assertTrue(h.contains("error " + victim), "recorded as an error of " + victim + ":\n" + h);
    assertTrue(h.contains("-> RESTART"), "the policy restarted first:\n" + h);
    assertTrue(h.contains("-> RELOCATE"), "then relocated:\n" + h);

    String log = agentLogs(victim);
    assertTrue(
        log.contains("ERROR") && log.contains("unexpected failure in monitor"),
        "an ERROR line on " + victim);
    assertTrue(
        log.contains("java.lang.IllegalStateException: injected test fault")
            && log.contains("\tat io.hactl."),
        "with its stack trace");

    List<Violation> v = cluster.check().stream().filter(x -> x.nanos() >= t0).toList();
    if (!v.isEmpty()) {
      StringBuilder b = new StringBuilder("checker found violations:");
      v.forEach(x -> b.append("\n  ").append(x));
      fail(b.toString());
    }
  }

  /** The service's history as the agents wrote it, read straight from ZooKeeper. */
  private static String history() throws Exception {
    ClusterConfig cfg = new ConfigParser().parseFile(cluster.paths().config());
    try (CuratorFramework client =
        ZkClients.start(cluster.zookeeper().connectString(), Duration.ofSeconds(10))) {
      if (!ZkClients.awaitConnected(client, Duration.ofSeconds(20))) {
        throw new AssertionError("no ZooKeeper connection from the host");
      }
      StringBuilder out = new StringBuilder();
      for (HistoryEvent e :
          new History(client, new ZkLayout(cfg.cluster().root()), 1000).read(1000)) {
        if (ClusterYaml.SERVICE.equals(e.service())) {
          out.append(e.kind()).append(' ').append(e.node()).append(": ").append(e.message());
          out.append('\n');
        }
      }
      return out.toString();
    }
  }

  private static String agentLogs(String node) throws IOException {
    StringBuilder out = new StringBuilder();
    try (Stream<Path> logs = Files.list(cluster.node(node).dir())) {
      for (Path p : logs.filter(p -> p.getFileName().toString().startsWith("agent-")).toList()) {
        out.append(Files.readString(p));
      }
    }
    return out.toString();
  }
}
