package io.hactl.itests.scenario;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hactl.itests.fence.BmcMode;
import io.hactl.itests.nemesis.FaultRecord;
import io.hactl.testkit.check.BmcEvent;
import io.hactl.testkit.observe.Transition;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * DESIGN rule 3: when the lost owner cannot be fenced, the service stays down (BLOCKED) and nobody
 * else starts it; once fencing works again it recovers.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class FencingIT extends ScenarioSupport {

  /** Long enough for the session to expire and at least one fence attempt to fail. */
  private static Duration brokenFor() {
    return nemesis
        .budgets()
        .session()
        .plus(nemesis.budgets().fenceTimeout())
        .plus(Duration.ofSeconds(2));
  }

  @Test
  void refusingFenceDeviceKeepsTheServiceDownUntilRepaired() {
    String victim = owner();
    FaultRecord r =
        nemesis.fenceFailure(
            "refusing BMC, crashed " + victim, victim, BmcMode.REFUSING, false, brokenFor());
    assertTrue(blockedBetween(r.injected(), r.recoveryFrom()), "an agent reported BLOCKED");
    assertTrue(
        cluster.powerEvents().stream()
            .anyMatch(e -> e.node().equals(victim) && e.kind() == BmcEvent.Kind.REFUSED),
        "hactl tried to fence " + victim + " and the BMC refused");
    assertNotEquals(victim, owner(), "recovered elsewhere after the repair");
    assertNoViolations();
  }

  @Test
  void unreachableFenceDeviceOfAPausedOwnerKeepsItsTwinFromStarting() {
    String victim = owner();
    FaultRecord r =
        nemesis.fenceFailure(
            "unreachable BMC, paused " + victim, victim, BmcMode.UNREACHABLE, true, brokenFor());
    assertTrue(blockedBetween(r.injected(), r.recoveryFrom()), "an agent reported BLOCKED");
    assertNotEquals(victim, owner(), "recovered elsewhere after the repair");
    assertNoViolations();
  }

  private static boolean blockedBetween(long from, long to) {
    return cluster.recorder().transitions().stream()
        .filter(t -> t.nanos() >= from && t.nanos() <= to)
        .map(Transition::to)
        .anyMatch("BLOCKED"::equals);
  }
}
