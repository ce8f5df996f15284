package io.hactl.itests.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hactl.itests.cluster.ClusterYaml;
import io.hactl.itests.nemesis.FaultRecord;
import io.hactl.testkit.check.BmcEvent;
import io.hactl.testkit.check.Heartbeat;
import io.hactl.testkit.support.Waits;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/** Node crash, daemon crash (once and in a loop) and planned relocation, with real agents. */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FailoverIT extends ScenarioSupport {

  @Test
  @Order(1)
  void ownerCrashFailsOverAfterFencingTheOwner() {
    String victim = owner();
    FaultRecord r = nemesis.crashNode("crash of owner " + victim, victim);
    assertNotEquals(victim, owner(), "the service moved");
    assertTrue(poweredOffSince(victim, r.injected()), victim + " was fenced before the takeover");
    assertNoViolations();
  }

  @Test
  @Order(2)
  void crashOfAnIdleNodeLeavesTheServiceWhereItIs() {
    String owner = owner();
    String idle = other(owner);
    nemesis.crashNode("crash of idle " + idle, idle);
    assertEquals(owner, owner(), "the service stayed");
    assertNoViolations();
  }

  @Test
  @Order(3)
  void daemonCrashRestartsInPlaceWithTheSameEpoch() {
    String owner = owner();
    long epochBefore = lastBeat().epoch();
    long pidBefore = lastBeat().pid();
    nemesis.crashDaemon("daemon crash on " + owner, owner, 1, 0);
    assertEquals(owner, owner(), "restarted in place");
    cluster.awaitOwner(Duration.ofSeconds(5));
    Heartbeat after = awaitBeatFrom(pidBefore);
    assertEquals(epochBefore, after.epoch(), "same ownership term, same epoch");
    assertNoViolations();
  }

  @Test
  @Order(4)
  void relocateMovesTheServiceWithoutFencing() {
    String from = owner();
    String to = other(from);
    FaultRecord r = nemesis.relocate("relocate " + from + " -> " + to, to);
    assertEquals(to, owner(), "running on the target: " + r.outcome());
    assertTrue(lastBeat().epoch() > 0);
    assertNoViolations();
  }

  @Test
  @Order(5)
  void daemonCrashLoopRelocatesAwayFromTheNode() {
    String owner = owner();
    List<FaultRecord> r =
        nemesis.crashDaemon(
            "daemon crash loop on " + owner, owner, ClusterYaml.MAX_RESTARTS + 1, 0);
    assertEquals(ClusterYaml.MAX_RESTARTS + 1, r.size(), "every kill hit the owner: " + r);
    assertNotEquals(owner, owner(), "relocated after too many failures");
    assertNoViolations();
  }

  private static boolean poweredOffSince(String node, long since) {
    return cluster.powerEvents().stream()
        .anyMatch(
            e ->
                e.node().equals(node) && e.kind() == BmcEvent.Kind.POWER_OFF && e.nanos() >= since);
  }

  private static Heartbeat lastBeat() {
    List<Heartbeat> beats = cluster.timeline().heartbeats();
    assertTrue(!beats.isEmpty(), "the daemon wrote heartbeats");
    return beats.get(beats.size() - 1);
  }

  private static Heartbeat awaitBeatFrom(long notPid) {
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (System.nanoTime() < deadline) {
      Heartbeat h = lastBeat();
      if (h.pid() != notPid) {
        return h;
      }
      Waits.pause(Duration.ofMillis(100));
    }
    throw new AssertionError("no heartbeat from a new daemon");
  }
}
