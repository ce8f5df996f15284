package io.hactl.itests.scenario;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hactl.itests.cluster.ClusterYaml;
import io.hactl.process.ProcessResult;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * The maintenance verbs against a live three-node cluster of agent processes, seen from outside
 * (process and mount tables): a freeze during which a killed daemon is neither restarted nor failed
 * over, a relocation with no eligible target that fails at once and leaves nothing pending, a node
 * standby that moves the service away cleanly, and a restart in place.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MaintenanceIT extends ScenarioSupport {
  private static final String SVC = ClusterYaml.SERVICE;
  private static final Duration CMD = Duration.ofSeconds(120);

  private static ProcessResult hactl(String... args) {
    ProcessResult r = cluster.hactl(CMD, args);
    System.err.println("hactl " + String.join(" ", args) + " -> " + r.exitCode());
    r.output().forEach(l -> System.err.println("  | " + l));
    return r;
  }

  private static String out(ProcessResult r) {
    return String.join("\n", r.output());
  }

  @Test
  @Order(1)
  void aFrozenServiceWhoseDaemonIsKilledIsNeitherRestartedNorFailedOver() {
    String owner = owner();
    ProcessResult freeze = hactl("freeze", SVC);
    assertEquals(0, freeze.exitCode(), out(freeze));
    assertTrue(out(hactl("status")).matches("(?s).*" + SVC + "\\s+FROZEN\\s+" + owner + ".*"));
    List<Long> killed = cluster.node(owner).killDaemon();
    assertFalse(killed.isEmpty(), "a daemon was running on " + owner);
    await("no daemon anywhere while frozen, for longer than a restart takes")
        .during(Duration.ofSeconds(8))
        .atMost(Duration.ofSeconds(20))
        .until(() -> cluster.nodes().stream().allMatch(n -> n.daemonPids().isEmpty()));
    ProcessResult status = hactl("status");
    assertTrue(out(status).matches("(?s).*" + SVC + "\\s+FROZEN\\s+" + owner + ".*"), out(status));
    assertEquals(6, hactl("relocate", SVC).exitCode(), "no relocation while frozen");

    ProcessResult unfreeze = hactl("unfreeze", SVC);
    assertEquals(0, unfreeze.exitCode(), out(unfreeze));
    assertTrue(out(unfreeze).contains(SVC + " runs on " + owner), out(unfreeze));
    await("the first check after unfreeze restarted the daemon in place")
        .atMost(Duration.ofSeconds(30))
        .until(() -> !cluster.node(owner).daemonPids().isEmpty());
    assertEquals(owner, owner(), "ownership was held");
  }

  @Test
  @Order(2)
  void aRelocationWithNoEligibleTargetFailsAtOnceAndLeavesNothingPending() {
    String owner = owner();
    List<String> others = cluster.nodeNames().stream().filter(n -> !n.equals(owner)).toList();
    for (String n : others) {
      ProcessResult s = hactl("node", "standby", n);
      assertEquals(0, s.exitCode(), out(s));
    }
    assertTrue(out(hactl("status")).matches("(?s).*" + others.get(0) + "\\s+standby.*"));
    long t0 = System.nanoTime();
    ProcessResult nowhere = hactl("relocate", SVC);
    long ms = (System.nanoTime() - t0) / 1_000_000;
    System.err.println(
        "relocation with no eligible target: exit in "
            + ms
            + " ms (JVM start and ZooKeeper connect included; `hactl requests` took "
            + hactl("requests").elapsed().toMillis()
            + " ms)");
    assertEquals(6, nowhere.exitCode(), out(nowhere));
    assertTrue(out(nowhere).contains("no eligible node to move " + SVC + " to"), out(nowhere));
    ProcessResult pending = hactl("requests");
    assertTrue(out(pending).contains("no pending requests"), out(pending));
    for (String n : others) {
      assertEquals(0, hactl("node", "online", n).exitCode());
    }
    await("nothing fires later: the service stays where it is")
        .during(Duration.ofSeconds(5))
        .atMost(Duration.ofSeconds(15))
        .until(() -> cluster.owner().map(owner::equals).orElse(false));
    assertNoViolations();
  }

  @Test
  @Order(3)
  void standbyMovesTheServiceAwayCleanlyAndRestartKeepsItInPlace() {
    String owner = owner();
    long fencesBefore = cluster.fenceCalls().size();
    ProcessResult standby = hactl("node", "standby", owner);
    assertEquals(0, standby.exitCode(), out(standby));
    String moved = owner();
    assertNotEquals(owner, moved, out(standby));
    assertEquals(fencesBefore, cluster.fenceCalls().size(), "a clean move: nobody fenced");
    assertEquals(6, hactl("relocate", SVC, "--to", owner).exitCode(), "standby is never chosen");
    assertEquals(0, hactl("node", "online", owner).exitCode());

    List<Long> before = cluster.node(moved).daemonPids();
    ProcessResult restart = hactl("restart", SVC);
    assertEquals(0, restart.exitCode(), out(restart));
    assertEquals(moved, owner(), "restarted in place");
    assertNotEquals(before, cluster.node(moved).daemonPids(), "a new daemon");
    ProcessResult clear = hactl("clear", SVC);
    assertEquals(0, clear.exitCode(), out(clear));
    assertNoViolations();
  }
}
