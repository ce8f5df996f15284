package io.hactl.itests.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.hactl.agent.ServiceState;
import io.hactl.agent.ServiceStatus;
import io.hactl.agent.TestFaults;
import io.hactl.config.ClusterConfig;
import io.hactl.config.ConfigParser;
import io.hactl.history.History;
import io.hactl.history.HistoryEvent;
import io.hactl.itests.cluster.ClusterOptions;
import io.hactl.itests.cluster.ClusterYaml;
import io.hactl.itests.cluster.TestCluster;
import io.hactl.itests.nemesis.Budgets;
import io.hactl.process.ProcessResult;
import io.hactl.testkit.check.Expectation;
import io.hactl.testkit.check.Violation;
import io.hactl.testkit.support.Waits;
import io.hactl.zk.Json;
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
        ScenarioSupport.startWithAgents(
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
    FastSampler fast = new FastSampler();
    fast.start();
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
        // hactl status is a JVM start: sparing the two cores keeps the observer's scans on time.
        Waits.pause(Duration.ofSeconds(4));
      }
    } finally {
      Files.deleteIfExists(trigger);
      fast.close();
    }
    System.err.println("status seen: " + seen);
    System.err.println("published states seen every 200 ms: " + fast.states);
    assertEquals(List.of(), falseClaims, "status claimed RUNNING for a node without its daemon");
    assertEquals(
        List.of(),
        fast.falseClaims,
        "the owner's published state claimed RUNNING without a daemon");
    assertTrue(
        fast.states.stream()
            .anyMatch(x -> x.equals("RECOVERING@" + victim) || x.equals("STARTING@" + victim)),
        "the victim recovered in place first: " + fast.states);
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

  /**
   * Reads, every 200 ms from the host, what {@code hactl status} derives its state word from (the
   * owner node and the owner's published status, RUNNING only when checked recently) and notes
   * every claim of RUNNING that the outside observer contradicts for more than 2 s.
   */
  private static final class FastSampler implements AutoCloseable {
    final List<String> states = new java.util.concurrent.CopyOnWriteArrayList<>();
    final List<String> falseClaims = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final java.util.concurrent.atomic.AtomicBoolean stop =
        new java.util.concurrent.atomic.AtomicBoolean();
    private Thread thread;

    void start() throws Exception {
      ZkLayout layout = new ZkLayout(config().cluster().root());
      CuratorFramework zk = hostClient();
      thread =
          new Thread(
              () -> {
                try (zk) {
                  sample(zk, layout);
                }
              },
              "fast-status-sampler");
      thread.setDaemon(true);
      thread.start();
    }

    private void sample(CuratorFramework zk, ZkLayout layout) {
      String last = null;
      long contradictedSince = 0;
      while (!stop.get()) {
        String word = claim(zk, layout);
        if (!word.equals(last)) {
          states.add(word);
          last = word;
        }
        boolean contradicted =
            word.startsWith("RUNNING@")
                && !cluster.owner().map(word.substring(8)::equals).orElse(false);
        long now = System.nanoTime();
        if (!contradicted) {
          contradictedSince = 0;
        } else if (contradictedSince == 0) {
          contradictedSince = now;
        } else if (now - contradictedSince > 2_000_000_000L) {
          falseClaims.add(word + " for more than 2 s");
          contradictedSince = 0;
        }
        Waits.pause(Duration.ofMillis(200));
      }
    }

    private static String claim(CuratorFramework zk, ZkLayout layout) {
      try {
        String owner =
            new String(
                zk.getData().forPath(layout.owner(ClusterYaml.SERVICE)),
                java.nio.charset.StandardCharsets.UTF_8);
        ServiceStatus st =
            Json.read(zk.getData().forPath(layout.state(ClusterYaml.SERVICE)), ServiceStatus.class);
        if (!st.node().equals(owner)) {
          return "OWNED@" + owner;
        }
        boolean fresh = st.checkedRecently(System.currentTimeMillis(), 5_000);
        String word = st.state() == ServiceState.RUNNING && !fresh ? "RUNNING?" : st.state().name();
        return word + "@" + owner;
      } catch (org.apache.zookeeper.KeeperException.NoNodeException e) {
        return "STOPPED";
      } catch (Exception e) {
        return "UNREADABLE " + e.getClass().getSimpleName();
      }
    }

    @Override
    public void close() throws InterruptedException {
      stop.set(true);
      thread.join(5_000);
    }
  }

  private static ClusterConfig config() throws Exception {
    return new ConfigParser().parseFile(cluster.paths().config());
  }

  /** A client of the cluster's ZooKeeper from the host, connected. */
  private static CuratorFramework hostClient() throws Exception {
    return ScenarioSupport.hostClient(cluster);
  }

  /** The service's history as the agents wrote it, read straight from ZooKeeper. */
  private static String history() throws Exception {
    ClusterConfig cfg = config();
    try (CuratorFramework client = hostClient()) {
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
