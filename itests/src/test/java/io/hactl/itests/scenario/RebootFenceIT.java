package io.hactl.itests.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hactl.itests.fence.FenceCall;
import io.hactl.itests.nemesis.FaultRecord;
import io.hactl.itests.nemesis.Nemesis;
import io.hactl.process.ProcessResult;
import io.hactl.testkit.observe.Transition;
import io.hactl.testkit.support.Waits;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Fence devices configured with {@code action: reboot} (real {@code fence_ipmilan} against the
 * simulated BMCs): hactl runs the reboot as {@code off} confirmed by {@code status}, starts the
 * service elsewhere without waiting for the power-on, powers the node on in the background and
 * records the power-on's result in the history.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class RebootFenceIT extends ScenarioSupport {

  @BeforeAll
  static void startCluster() {
    System.setProperty("hx.fenceAction", "reboot");
    try {
      cluster = startWithAgents(o -> o);
    } finally {
      System.clearProperty("hx.fenceAction");
    }
    nemesis = new Nemesis(cluster, budgets(cluster));
  }

  @Test
  void rebootIsAConfirmedOffTheTakeoverDoesNotWaitForPowerOnWhichIsInTheHistory() {
    String victim = owner();
    FaultRecord r = nemesis.crashNode("crash of " + victim + " (reboot fencing)", victim);
    String now = owner();
    assertNotEquals(victim, now, "running elsewhere: " + r.outcome());

    // The power-on runs in the background after the takeover: wait for its call to end.
    Waits.until(
        "the power-on call of " + victim + " ended",
        Duration.ofSeconds(60),
        Duration.ofMillis(200),
        () -> calls(victim, "on").stream().anyMatch(c -> c.end() >= 0));
    List<FenceCall> toVictim =
        cluster.fenceCalls().stream().filter(c -> c.target().equals(bmc(victim))).toList();
    System.err.println("fence calls for " + victim + ": " + toVictim);
    assertTrue(
        toVictim.stream().noneMatch(c -> c.action().equals("reboot")),
        "no reboot was asked of the BMC: " + toVictim);
    FenceCall off = calls(victim, "off").get(0);
    FenceCall on = calls(victim, "on").get(0);
    assertTrue(off.end() >= 0 && off.exitCode() == 0, "off succeeded: " + off);
    assertTrue(
        toVictim.stream()
            .anyMatch(c -> c.action().equals("status") && c.start() >= off.end() && c.end() >= 0),
        "the off was confirmed by a status call: " + toVictim);
    assertTrue(on.start() >= off.end(), "power-on only after the off: " + toVictim);

    Transition starting =
        cluster.recorder().transitions().stream()
            .filter(t -> t.node().equals(now) && t.to().equals("STARTING"))
            .filter(t -> t.nanos() >= r.injected())
            .findFirst()
            .orElseThrow(() -> new AssertionError("no STARTING on " + now));
    assertTrue(
        starting.nanos() < on.end(),
        "the takeover started ("
            + (starting.nanos() - r.injected()) / 1_000_000
            + " ms after the crash) before the power-on ended ("
            + (on.end() - r.injected()) / 1_000_000
            + " ms)");

    ProcessResult history = cluster.hactl(Duration.ofSeconds(60), "history");
    String text = String.join("\n", history.output());
    System.err.println("hactl history: exit " + history.exitCode() + "\n" + text);
    assertEquals(0, history.exitCode(), "hactl history works:\n" + text);
    Pattern powerOn =
        Pattern.compile("fence attempt ok: [^\\n]* on of node " + victim + ": succeeded");
    assertTrue(powerOn.matcher(text).find(), "the power-on's result is in the history:\n" + text);
    assertTrue(
        text.contains("reboot: off confirmed, power-on follows"),
        "the fence is recorded as a reboot run as a confirmed off:\n" + text);
    assertNoViolations();
  }

  private static List<FenceCall> calls(String node, String action) {
    return cluster.fenceCalls().stream()
        .filter(c -> c.target().equals(bmc(node)) && c.action().equals(action))
        .toList();
  }

  /** The target the fence wrapper records for {@code node}'s BMC: {@code ip:port:}. */
  private static String bmc(String node) {
    var o = cluster.node(node).bmc().fenceOptions();
    return o.get("ip") + ":" + o.get("ipport") + ":";
  }
}
