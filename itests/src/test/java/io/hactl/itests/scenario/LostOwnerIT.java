package io.hactl.itests.scenario;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hactl.itests.nemesis.FaultRecord;
import io.hactl.testkit.check.BmcEvent;
import io.hactl.testkit.check.Sample;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The owner is lost without dying: its agent paused past the session timeout, or silently cut off
 * from ZooKeeper; and the ZooKeeper leader dies under everyone.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class LostOwnerIT extends ScenarioSupport {

  private static Duration beyondSession() {
    return nemesis.budgets().session().plus(Duration.ofSeconds(3));
  }

  @Test
  void pausedOwnerIsFencedAndReplaced() {
    String victim = owner();
    FaultRecord r = nemesis.pauseAgent("pause of owner " + victim, victim, beyondSession());
    assertNotEquals(victim, owner(), "the service moved");
    assertTrue(
        cluster.powerEvents().stream()
            .anyMatch(
                e ->
                    e.node().equals(victim)
                        && e.kind() == BmcEvent.Kind.POWER_OFF
                        && e.nanos() >= r.injected()),
        "the paused owner was fenced (its daemon kept running until then)");
    assertNoViolations();
  }

  @Test
  void partitionedOwnerStopsItselfBeforeItsSessionExpires() {
    String victim = owner();
    FaultRecord r = nemesis.partition("partition of owner " + victim, victim, beyondSession());
    assertNotEquals(victim, owner(), "the service moved");
    long stopped = firstSampleWithout(victim, r.injected());
    long session = nemesis.budgets().session().toNanos();
    assertTrue(
        stopped - r.injected() < session,
        String.format(
            "DESIGN rule 4: the cut-off owner stopped its daemon and unmounted %d ms after the"
                + " partition; must be under the session timeout %d ms",
            (stopped - r.injected()) / 1_000_000, session / 1_000_000));
    assertNoViolations();
  }

  @Test
  void zooKeeperLeaderCrashIsSurvived() {
    nemesis.crashZooKeeperLeader("ZooKeeper leader crash", Duration.ofSeconds(5));
    owner();
    assertNoViolations();
  }

  private static long firstSampleWithout(String node, long since) {
    for (Sample s : cluster.recorder().samples()) {
      if (s.nanos() > since && !s.node(node).touchesService()) {
        return s.nanos();
      }
    }
    throw new AssertionError(node + " never let go of the service");
  }
}
