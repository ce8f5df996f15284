package io.hactl.itests.campaign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hactl.itests.cluster.ClusterYaml;
import io.hactl.itests.nemesis.FaultKind;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The planner's promises, over long simulated campaigns with a fake clock. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class FaultPlannerTest {
  private static final List<String> NODES = List.of("n1", "n2", "n3");
  private static final long ROUND = 20_000_000_000L;

  private static List<FaultPlanner.Plan> campaign(long seed, boolean partitions, int rounds) {
    FaultPlanner p = new FaultPlanner(seed, partitions);
    List<FaultPlanner.Plan> out = new ArrayList<>();
    String owner = "n1";
    for (int i = 0; i < rounds; i++) {
      FaultPlanner.Plan plan = p.next(i * ROUND, owner, NODES);
      out.add(plan);
      if (plan.kind() == FaultKind.RELOCATE) {
        owner = plan.victim();
      } else if (plan.kind() == FaultKind.DAEMON_CRASH_LOOP
          || plan.victim().equals(owner)
              && plan.kind() != FaultKind.DAEMON_CRASH
              && plan.kind() != FaultKind.ZK_LEADER_CRASH) {
        owner = NODES.get((NODES.indexOf(owner) + 1) % NODES.size());
      }
    }
    return out;
  }

  @Test
  void theSameSeedGivesTheSamePlan() {
    assertEquals(campaign(42, true, 300), campaign(42, true, 300));
    assertNotEquals(campaign(42, true, 300), campaign(43, true, 300));
  }

  @Test
  void everyFaultKindIsPlannedInALongCampaign() {
    Set<FaultKind> seen = EnumSet.noneOf(FaultKind.class);
    campaign(7, true, 300).forEach(p -> seen.add(p.kind()));
    assertEquals(EnumSet.allOf(FaultKind.class), seen);
  }

  @Test
  void withoutPartitionSupportNoPartitionIsPlanned() {
    assertTrue(campaign(7, false, 300).stream().noneMatch(p -> p.kind() == FaultKind.PARTITION));
  }

  @Test
  void plainDaemonCrashesNeverExceedTheRestartLimitInAWindow() {
    Map<String, List<Long>> kills = new HashMap<>();
    List<FaultPlanner.Plan> plans = campaign(11, true, 500);
    long window = ClusterYaml.RESTART_WINDOW.toNanos();
    for (int i = 0; i < plans.size(); i++) {
      FaultPlanner.Plan p = plans.get(i);
      if (p.kind() != FaultKind.DAEMON_CRASH) {
        continue;
      }
      long now = i * ROUND;
      long recent =
          kills.getOrDefault(p.victim(), List.of()).stream().filter(t -> now - t < window).count();
      assertTrue(recent + p.times() <= ClusterYaml.MAX_RESTARTS, "round " + i + ": " + p);
      for (int k = 0; k < p.times(); k++) {
        kills.computeIfAbsent(p.victim(), x -> new ArrayList<>()).add(now);
      }
    }
  }

  @Test
  void aRestartedAgentStartsWithAnEmptyFailureWindow() {
    FaultPlanner p = new FaultPlanner(1, true);
    long now = 0;
    int killed = 0;
    // Plan until n1 has used up its restarts, then restart its agent: it may be killed again.
    while (killed < ClusterYaml.MAX_RESTARTS) {
      FaultPlanner.Plan plan = p.next(now++, "n1", NODES);
      if (plan.kind() == FaultKind.DAEMON_CRASH) {
        killed += plan.times();
      } else if (plan.kind() == FaultKind.DAEMON_CRASH_LOOP) {
        return; // a loop was planned first; nothing left to show with this seed
      }
    }
    p.agentRestarted("n1");
    boolean killedAgain = false;
    for (int i = 0; i < 200 && !killedAgain; i++) {
      FaultPlanner.Plan plan = p.next(now++, "n1", NODES);
      if (plan.kind() == FaultKind.DAEMON_CRASH || plan.kind() == FaultKind.DAEMON_CRASH_LOOP) {
        assertEquals(0, plan.priorFailures(), plan.toString());
        killedAgain = true;
      }
    }
    assertTrue(killedAgain, "daemon crashes on n1 are planned again");
  }

  @Test
  void loopsExceedTheLimitAndNeverRelocateOntoTheBannedNode() {
    List<FaultPlanner.Plan> plans = campaign(5, true, 500);
    long window = ClusterYaml.RESTART_WINDOW.toNanos();
    Map<String, Long> banned = new HashMap<>();
    int loops = 0;
    for (int i = 0; i < plans.size(); i++) {
      FaultPlanner.Plan p = plans.get(i);
      long now = i * ROUND;
      if (p.kind() == FaultKind.DAEMON_CRASH_LOOP) {
        loops++;
        assertTrue(p.priorFailures() + p.times() > ClusterYaml.MAX_RESTARTS, p.toString());
        banned.put(p.victim(), now + window);
      }
      if (p.kind() == FaultKind.RELOCATE) {
        assertTrue(banned.getOrDefault(p.victim(), Long.MIN_VALUE) < now, "round " + i + ": " + p);
      }
    }
    assertTrue(loops > 0, "the campaign contains loops");
  }
}
