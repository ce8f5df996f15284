package io.hactl.itests.campaign;

import io.hactl.itests.cluster.ClusterYaml;
import io.hactl.itests.fence.BmcMode;
import io.hactl.itests.nemesis.FaultKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Chooses the next fault of a seeded campaign, and remembers enough to keep the cluster able to
 * recover: it never makes a node exceed the recovery policy's restart limit by accident, runs at
 * most one restart loop per window, and never relocates onto a node hactl keeps off the service.
 * The same seed and the same sequence of owners give the same plan.
 */
public final class FaultPlanner {
  private static final long SLACK = Duration.ofSeconds(15).toNanos();
  private static final Map<FaultKind, Integer> WEIGHTS =
      Map.of(
          FaultKind.NODE_CRASH, 3,
          FaultKind.DAEMON_CRASH, 3,
          FaultKind.DAEMON_CRASH_LOOP, 1,
          FaultKind.AGENT_PAUSE, 2,
          FaultKind.PARTITION, 2,
          FaultKind.ZK_LEADER_CRASH, 2,
          FaultKind.FENCE_FAILURE, 1,
          FaultKind.RELOCATE, 3);

  private final Random rnd;
  private final boolean canPartition;
  private final long window = ClusterYaml.RESTART_WINDOW.toNanos();
  private final Map<String, List<Long>> kills = new HashMap<>();
  private final Map<String, Long> bannedUntil = new HashMap<>();

  public FaultPlanner(long seed, boolean canPartition) {
    this.rnd = new Random(seed);
    this.canPartition = canPartition;
  }

  /**
   * One planned fault.
   *
   * @param kind the fault
   * @param victim the node it hits, or the relocation target
   * @param times daemon kills (daemon faults)
   * @param priorFailures recent daemon failures on the victim before this fault
   * @param bmcMode how the fence device fails (fence faults)
   * @param pause lose the victim by pausing its agent rather than crashing it (fence faults)
   */
  public record Plan(
      FaultKind kind,
      String victim,
      int times,
      int priorFailures,
      BmcMode bmcMode,
      boolean pause) {}

  /** Plans the next fault, given the current owner and all nodes, at {@code now}. */
  public Plan next(long now, String owner, List<String> nodes) {
    FaultKind kind = pick();
    if (kind == FaultKind.PARTITION && !canPartition) {
      kind = FaultKind.AGENT_PAUSE;
    }
    int recent = recentKills(owner, now);
    if (kind == FaultKind.DAEMON_CRASH && recent >= ClusterYaml.MAX_RESTARTS) {
      kind = FaultKind.NODE_CRASH;
    }
    if (kind == FaultKind.DAEMON_CRASH_LOOP && !loopAllowed(now)) {
      kind = FaultKind.DAEMON_CRASH;
      if (recent >= ClusterYaml.MAX_RESTARTS) {
        kind = FaultKind.NODE_CRASH;
      }
    }
    List<String> targets = relocationTargets(now, owner, nodes);
    if (kind == FaultKind.RELOCATE && targets.isEmpty()) {
      kind = FaultKind.NODE_CRASH;
    }
    return plan(kind, now, owner, nodes, recent, targets);
  }

  private Plan plan(
      FaultKind kind,
      long now,
      String owner,
      List<String> nodes,
      int recent,
      List<String> targets) {
    return switch (kind) {
      case NODE_CRASH ->
          new Plan(kind, rnd.nextInt(4) == 0 ? any(nodes) : owner, 0, 0, null, false);
      case DAEMON_CRASH -> {
        int times = 1 + rnd.nextInt(ClusterYaml.MAX_RESTARTS - recent);
        killed(owner, now, times);
        yield new Plan(kind, owner, times, recent, null, false);
      }
      case DAEMON_CRASH_LOOP -> {
        int times = ClusterYaml.MAX_RESTARTS + 1 - recent;
        killed(owner, now, times);
        bannedUntil.put(owner, now + window + SLACK);
        yield new Plan(kind, owner, times, recent, null, false);
      }
      case FENCE_FAILURE ->
          new Plan(
              kind,
              owner,
              0,
              0,
              rnd.nextBoolean() ? BmcMode.REFUSING : BmcMode.UNREACHABLE,
              rnd.nextBoolean());
      case RELOCATE -> new Plan(kind, targets.get(rnd.nextInt(targets.size())), 0, 0, null, false);
      default -> new Plan(kind, owner, 0, 0, null, false);
    };
  }

  private FaultKind pick() {
    int total = WEIGHTS.values().stream().mapToInt(Integer::intValue).sum();
    int r = rnd.nextInt(total);
    for (FaultKind k : FaultKind.values()) {
      r -= WEIGHTS.get(k);
      if (r < 0) {
        return k;
      }
    }
    throw new IllegalStateException("weights do not add up");
  }

  private String any(List<String> nodes) {
    return nodes.get(rnd.nextInt(nodes.size()));
  }

  /** The agent of {@code node} was restarted: its failure window starts empty. */
  public void agentRestarted(String node) {
    kills.remove(node);
  }

  private int recentKills(String node, long now) {
    List<Long> k = kills.getOrDefault(node, List.of());
    return (int) k.stream().filter(t -> now - t < window + SLACK).count();
  }

  private void killed(String node, long now, int times) {
    List<Long> k = kills.computeIfAbsent(node, x -> new ArrayList<>());
    for (int i = 0; i < times; i++) {
      k.add(now);
    }
  }

  private boolean loopAllowed(long now) {
    return bannedUntil.values().stream().allMatch(until -> until < now);
  }

  private List<String> relocationTargets(long now, String owner, List<String> nodes) {
    return nodes.stream()
        .filter(n -> !n.equals(owner))
        .filter(n -> bannedUntil.getOrDefault(n, Long.MIN_VALUE) < now)
        .toList();
  }
}
