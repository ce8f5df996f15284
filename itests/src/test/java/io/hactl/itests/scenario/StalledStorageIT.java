package io.hactl.itests.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.hactl.itests.Needs;
import io.hactl.itests.cluster.AgentProcess;
import io.hactl.itests.cluster.FuseSpool;
import io.hactl.itests.cluster.TestCluster;
import io.hactl.itests.cluster.TestNode;
import io.hactl.itests.fence.BmcMode;
import io.hactl.itests.fence.FenceCall;
import io.hactl.itests.nemesis.Budgets;
import io.hactl.itests.zk.ZkServer;
import io.hactl.testkit.check.BmcEvent;
import io.hactl.testkit.check.Expectation;
import io.hactl.testkit.check.Sample;
import io.hactl.testkit.check.Violation;
import io.hactl.testkit.support.Procfs;
import io.hactl.testkit.support.Waits;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The owner's storage dies under a daemon that writes into it, and the owner is cut off from
 * ZooKeeper: each node reaches the spool through its own FUSE "NFS client" ({@link FuseSpool}), the
 * daemon keeps its heartbeat file open for writing, the test stalls the owner's storage path and
 * then partitions the owner. DESIGN rule 4: the owner's emergency stop cannot get rid of the daemon
 * (KILLed in the middle of a write to dead storage, it stays in uninterruptible sleep), so the
 * owner says so and self-fences as configured ({@code selfFence: exit}: exit code 70). Rule 3: the
 * next owner fences it (the BMC's power-off kills the node's processes, its FUSE servers included,
 * which is what frees the stuck daemon) before it starts anything. Rule 1 from outside: the stuck
 * daemon stays visible to the observer until the power-off, and no other node touches the service
 * before it.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class StalledStorageIT {
  private static final Duration POLL = Duration.ofMillis(10);
  private static final Pattern SELF_FENCE_EXIT = Pattern.compile(" ERROR .*self-fence");

  private static TestCluster cluster;
  private static Budgets budgets;

  @BeforeAll
  static void startCluster() {
    Needs.skipIf(FuseSpool.missing());
    cluster = ScenarioSupport.startWithAgents(o -> o.withFuseSpool(true));
    budgets = ScenarioSupport.budgets(cluster);
  }

  @AfterAll
  static void stopCluster() {
    if (cluster != null) {
      cluster.close();
      cluster = null;
    }
  }

  @Test
  void ownerOnDeadStorageAndCutOffSelfFencesAndIsFencedBeforeAnyTakeover() {
    String victim = cluster.awaitOwner(Duration.ofSeconds(60));
    TestNode v = cluster.node(victim);
    List<Long> daemons = v.daemonPids();
    assertEquals(1, daemons.size(), victim + " runs one heartbeat daemon: " + daemons);
    long daemon = daemons.get(0);
    long stalled = stallStorage(v, daemon);
    Outcome o = cutOffUntilTakeover(v, daemon);
    assertSaidSoAndSelfFenced(v, o);
    assertFencedBeforeTakeover(v, o, stalled);
  }

  /**
   * What the fault led to; times on the harness's clock.
   *
   * @param label the fault, for expectations
   * @param agent the victim's agent incarnation that was cut off
   * @param daemon the victim's daemon, writing into the spool when it died
   * @param cut when the victim was partitioned from ZooKeeper
   * @param agentGone when the victim's agent was first seen gone
   * @param stateAtExit the daemon's state (D, or '-' when gone) when the agent was seen gone
   * @param next the node that runs the service afterwards
   */
  private record Outcome(
      String label,
      AgentProcess agent,
      long daemon,
      long cut,
      long agentGone,
      char stateAtExit,
      String next) {}

  /** Stalls {@code v}'s storage and waits until its daemon waits on it; returns when it stalled. */
  private static long stallStorage(TestNode v, long daemon) {
    long stalled = System.nanoTime();
    List<Long> stopped = cluster.fuseSpool().stall(v);
    cluster.recorder().note("stalled the storage of " + v + ": SIGSTOP of bindfs " + stopped);
    Waits.until(
        v + "'s daemon " + daemon + " waiting in a write to the dead storage",
        Duration.ofSeconds(5),
        POLL,
        () -> inFuseRequest(daemon));
    return stalled;
  }

  /**
   * Partitions {@code v} from ZooKeeper and waits until its agent is gone and another node runs the
   * service. Until the agent is gone, {@code v}'s BMC refuses to power it off: the self-fence must
   * end the agent, not a power-off that wins the race on a loaded machine. A fence attempt in that
   * time fails and is retried, as with any refusing fence device.
   */
  private static Outcome cutOffUntilTakeover(TestNode v, long daemon) {
    String label = "dead storage and partition of owner " + v;
    AgentProcess agent = v.agent();
    v.bmc().mode(BmcMode.REFUSING);
    cluster.network().partition(v.name(), zooKeeperAddresses());
    long cut = System.nanoTime();
    try {
      Waits.until(
          v + "'s agent exited (self-fence) after losing ZooKeeper",
          budgets.session().plus(budgets.margin()).plus(budgets.margin()),
          POLL,
          () -> !agent.alive());
      long agentGone = System.nanoTime();
      char stateAtExit = Procfs.state(daemon).orElse('-');
      v.bmc().mode(BmcMode.WORKING);
      long repaired = System.nanoTime();
      Duration budget = budgets.afterFenceRepair();
      cluster
          .recorder()
          .expect(
              new Expectation.Recovery(
                  label, repaired, repaired + budget.toNanos(), null, v.name()));
      Waits.until(
          "another node running the service",
          budget,
          POLL,
          () -> cluster.owner().filter(o -> !o.equals(v.name())).isPresent());
      String next = cluster.owner().orElseThrow();
      return new Outcome(label, agent, daemon, cut, agentGone, stateAtExit, next);
    } finally {
      v.bmc().mode(BmcMode.WORKING);
      cluster.network().heal(v.name());
    }
  }

  /** Rule 4: the daemon outlived its KILL in D state, the agent said so and self-fenced. */
  private static void assertSaidSoAndSelfFenced(TestNode v, Outcome o) {
    Path agentLog = v.dir().resolve("agent-" + v.incarnation() + ".log");
    assertEquals(
        OptionalInt.of(70),
        o.agent().exitCode(),
        "selfFence: exit makes the agent exit with SELF_FENCED (70); log " + agentLog);
    assertEquals(
        'D',
        o.stateAtExit(),
        "the daemon " + o.daemon() + ", KILLed by the emergency stop, outlived the agent in D");
    List<String> log = lines(agentLog);
    assertTrue(
        log.stream().anyMatch(l -> l.contains(" ERROR ") && names(l, o.daemon(), "(state D)")),
        "an ERROR line of " + v + "'s agent names the stuck pid " + o.daemon() + " and state D");
    assertTrue(
        log.stream().anyMatch(l -> SELF_FENCE_EXIT.matcher(l).find()),
        "an ERROR line of " + v + "'s agent says it self-fences; see " + agentLog);
  }

  /**
   * Rules 3 and 1: the stuck daemon stayed visible until the fence call that powered {@code v} off
   * freed it, the next owner touched the service only after that power-off, and the checker finds
   * nothing but the stuck daemon's missing spool (see {@link #assertNoViolationsBut}).
   */
  private static void assertFencedBeforeTakeover(TestNode v, Outcome o, long stalled) {
    String victim = v.name();
    BmcEvent off = powerOff(victim, o.cut());
    long takeover = firstTouch(o.next(), o.cut());
    long freed = firstSampleWithout(victim, o.daemon(), o.agentGone());
    FenceCall fence = fenceCallThatPoweredOff(v, off);
    System.err.printf(
        "stalled storage: from the partition, %s's agent gone by %d ms (exit %s, daemon %d in"
            + " state %s), fence attempts refused meanwhile %d, fence call from %d ms, stuck"
            + " daemon gone at %d ms, powered off at %d ms, %s took over at %d ms%n",
        victim,
        ms(o.agentGone() - o.cut()),
        o.agent().exitCode(),
        o.daemon(),
        o.stateAtExit(),
        refusals(victim),
        ms(fence.start() - o.cut()),
        ms(freed - o.cut()),
        ms(off.nanos() - o.cut()),
        o.next(),
        ms(takeover - o.cut()));
    assertNotEquals(victim, o.next(), "the service moved");
    assertTrue(
        takeover > off.nanos(),
        String.format(
            "DESIGN rule 3: %s touched the service %d ms after the partition, %s was powered off"
                + " at %d ms: fence first",
            o.next(), ms(takeover - o.cut()), victim, ms(off.nanos() - o.cut())));
    assertTrue(
        cluster.timeline().at(o.agentGone()).node(victim).daemons().contains(o.daemon()),
        "the observer still saw the stuck daemon " + o.daemon() + " when its agent died");
    assertTrue(
        freed >= fence.start() - 2 * cluster.options().observerPeriod().toNanos(),
        String.format(
            "only the power-off frees the stuck daemon: gone at %d ms, the fence call that powered"
                + " %s off started at %d ms",
            ms(freed - o.cut()), victim, ms(fence.start() - o.cut())));
    assertTrue(
        cluster.recorder().samples().stream()
            .filter(s -> s.nanos() > off.nanos())
            .noneMatch(s -> s.node(victim).touchesService()),
        "nothing of the service is left on " + victim + " after its power-off");
    cluster.recorder().expect(new Expectation.NoTakeover(o.label(), victim, o.cut(), off.nanos()));
    assertNoViolationsBut(victim, stalled, off.nanos());
  }

  private static long refusals(String node) {
    return cluster.powerEvents().stream()
        .filter(e -> e.node().equals(node) && e.kind() == BmcEvent.Kind.REFUSED)
        .count();
  }

  /** Whether {@code pid} sleeps waiting for the answer of a FUSE server. */
  private static boolean inFuseRequest(long pid) {
    String w = FuseSpool.waitChannel(pid);
    return w.equals("request_wait_answer") || w.contains("fuse");
  }

  private static List<String> zooKeeperAddresses() {
    return cluster.zookeeper().servers().stream().map(ZkServer::address).toList();
  }

  /**
   * The first power-off of {@code node}'s BMC at or after {@code since}; fails if there is none.
   */
  private static BmcEvent powerOff(String node, long since) {
    return cluster.powerEvents().stream()
        .filter(e -> e.node().equals(node) && e.kind() == BmcEvent.Kind.POWER_OFF)
        .filter(e -> e.nanos() >= since)
        .findFirst()
        .orElseGet(() -> fail(node + " was never powered off: " + cluster.powerEvents()));
  }

  /**
   * The first sample after {@code since} in which {@code node} mounts the spool or runs a daemon.
   */
  private static long firstTouch(String node, long since) {
    return cluster.recorder().samples().stream()
        .filter(s -> s.nanos() > since && s.node(node).touchesService())
        .mapToLong(Sample::nanos)
        .findFirst()
        .orElseGet(() -> fail(node + " never touched the service"));
  }

  /** The time of the first sample after {@code from} in which {@code node} no longer runs pid. */
  private static long firstSampleWithout(String node, long pid, long from) {
    return cluster.recorder().samples().stream()
        .filter(s -> s.nanos() > from && !s.node(node).daemons().contains(pid))
        .mapToLong(Sample::nanos)
        .findFirst()
        .orElseGet(() -> fail("the observer saw " + pid + " on " + node + " until the end"));
  }

  /** The successful "off" call to {@code node}'s BMC that was running when it powered off. */
  private static FenceCall fenceCallThatPoweredOff(TestNode node, BmcEvent off) {
    String target = node.bmc().fenceOptions().get("ip") + ":";
    return cluster.fenceCalls().stream()
        .filter(c -> c.target().startsWith(target) && c.action().equals("off"))
        .filter(c -> c.start() <= off.nanos() && (c.end() < 0 || c.end() >= off.nanos()))
        .findFirst()
        .orElseGet(() -> fail("no fence call to " + node + " around its power-off: " + off));
  }

  /**
   * Fails on every violation the checker finds after {@code from}, except one: the victim's daemon
   * without its spool between {@code from} and the victim's power-off. The agent detaches the spool
   * lazily after failing to kill its daemon, which stays stuck in the dead storage: the observer
   * sees exactly that, a daemon with no spool mounted, until the power-off frees it.
   */
  private static void assertNoViolationsBut(String victim, long from, long poweredOff) {
    String stuck = "daemon without spool on [" + victim + "]";
    Predicate<Violation> expected =
        x ->
            x.kind() == Violation.Kind.DAEMON_WITHOUT_SPOOL
                && x.message().startsWith(stuck)
                && x.nanos() <= poweredOff;
    List<Violation> found = cluster.check().stream().filter(x -> x.nanos() >= from).toList();
    found.stream()
        .filter(expected)
        .forEach(x -> System.err.println("stalled storage: expected, the stuck daemon: " + x));
    ScenarioSupport.failOn(cluster, found.stream().filter(expected.negate()).toList());
  }

  /** Whether {@code line} names {@code pid} followed by {@code state}. */
  private static boolean names(String line, long pid, String state) {
    return Pattern.compile("\\b" + pid + " " + Pattern.quote(state)).matcher(line).find();
  }

  private static long ms(long nanos) {
    return nanos / 1_000_000;
  }

  private static List<String> lines(Path file) {
    try {
      return Files.readAllLines(file);
    } catch (IOException e) {
      return fail("cannot read " + file + ": " + e);
    }
  }
}
