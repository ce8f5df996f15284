package io.hactl.itests.scenario;

import static org.junit.jupiter.api.Assertions.fail;

import io.hactl.itests.Needs;
import io.hactl.itests.cluster.ClusterOptions;
import io.hactl.itests.cluster.HactlCommand;
import io.hactl.itests.cluster.TestCluster;
import io.hactl.itests.nemesis.Budgets;
import io.hactl.itests.nemesis.Nemesis;
import io.hactl.testkit.check.Violation;
import io.hactl.testkit.net.Isolation;
import io.hactl.zk.ZkClients;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.apache.curator.framework.CuratorFramework;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInfo;

/**
 * One three-node cluster in namespace mode per test class, with real agents: skipped (loudly)
 * without root, namespaces, ipmi_sim, fence_ipmilan or an agent in the hactl jar. After each test
 * the checker runs over the test's part of the timeline and the cluster is restored.
 */
abstract class ScenarioSupport {
  static TestCluster cluster;
  static Nemesis nemesis;
  private long testStart;

  @BeforeAll
  static void startCluster(TestInfo info) {
    if (info.getTestClass().map(c -> c.isAnnotationPresent(OwnCluster.class)).orElse(false)) {
      return;
    }
    cluster = startWithAgents(o -> o);
    nemesis = new Nemesis(cluster, budgets(cluster));
  }

  /**
   * Starts a cluster in namespace mode with the options {@code adjust} makes of the defaults,
   * starts its agents and waits for an owner; skips (loudly) without root, namespaces, ipmi_sim,
   * fence_ipmilan or an agent in the hactl jar. Closes the cluster if the agents fail to start.
   */
  static TestCluster startWithAgents(UnaryOperator<ClusterOptions> adjust) {
    return startWithAgents(adjust, c -> {});
  }

  /** As {@link #startWithAgents(UnaryOperator)}, running {@code beforeAgents} before the agents. */
  static TestCluster startWithAgents(
      UnaryOperator<ClusterOptions> adjust, Consumer<TestCluster> beforeAgents) {
    Needs.namespaces();
    Needs.programs("ipmi_sim", "fence_ipmilan");
    ClusterOptions o = ClusterOptions.fromSystemProperties();
    Needs.skipIf(HactlCommand.missingAgent(o.hactlJar()));
    TestCluster c = TestCluster.start(adjust.apply(o.withIsolation(Isolation.NAMESPACES)));
    try {
      beforeAgents.accept(c);
      c.startAgents();
      c.awaitOwner(Duration.ofSeconds(60));
    } catch (RuntimeException | Error e) {
      c.close();
      throw e;
    }
    return c;
  }

  /** An unauthenticated client of {@code c}'s ZooKeeper from the host, connected. */
  static CuratorFramework hostClient(TestCluster c) throws InterruptedException {
    CuratorFramework client =
        ZkClients.start(c.zookeeper().connectString(), Duration.ofSeconds(10));
    if (!ZkClients.awaitConnected(client, Duration.ofSeconds(20))) {
      client.close();
      throw new AssertionError("no ZooKeeper connection from the host");
    }
    return client;
  }

  /** The fault budgets of {@code c}, from the session timeout its agents negotiated. */
  static Budgets budgets(TestCluster c) {
    Duration s =
        c.negotiatedSessionTimeouts().values().stream()
            .findFirst()
            .orElse(c.options().sessionTimeout());
    System.err.println("negotiated session timeouts: " + c.negotiatedSessionTimeouts());
    return Budgets.of(c.options(), s);
  }

  @AfterAll
  static void stopCluster() {
    if (cluster != null) {
      cluster.close();
      cluster = null;
    }
  }

  @BeforeEach
  void markStart() {
    testStart = System.nanoTime();
  }

  @AfterEach
  void restore() {
    if (cluster != null) {
      nemesis.restore(Duration.ofSeconds(90));
    }
  }

  /** Fails with every violation the checker finds in this test's part of the timeline. */
  void assertNoViolations() {
    failOn(cluster, cluster.check().stream().filter(x -> x.nanos() >= testStart).toList());
  }

  /** Fails with every violation of {@code v}, naming {@code c}'s run directory. */
  static void failOn(TestCluster cluster, List<Violation> v) {
    if (!v.isEmpty()) {
      StringBuilder b =
          new StringBuilder("checker found violations (run dir ")
              .append(cluster.run().dir())
              .append("):");
      v.forEach(x -> b.append("\n  ").append(x));
      fail(b.toString());
    }
  }

  /** The current owner; fails the test when no single node runs the service. */
  static String owner() {
    Optional<String> o = cluster.owner();
    if (o.isEmpty()) {
      fail("no single node runs the service: " + cluster.recorder().latest());
    }
    return o.get();
  }

  /** Some node other than {@code node}. */
  static String other(String node) {
    return cluster.nodeNames().stream().filter(n -> !n.equals(node)).findFirst().orElseThrow();
  }
}
