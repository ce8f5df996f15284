package io.hactl.itests.campaign;

import io.hactl.itests.cluster.ClusterOptions;
import io.hactl.itests.nemesis.FaultRecord;
import io.hactl.itests.nemesis.Nemesis;
import java.time.Duration;
import java.util.List;

/** Carries out one planned fault through the nemesis, with the hold times the fault needs. */
final class RoundRunner {
  private final Nemesis nemesis;
  private final Duration session;
  private final ClusterOptions options;

  RoundRunner(Nemesis nemesis, Duration session, ClusterOptions options) {
    this.nemesis = nemesis;
    this.session = session;
    this.options = options;
  }

  List<FaultRecord> run(String label, FaultPlanner.Plan p) {
    Duration beyondSession = session.plus(Duration.ofSeconds(3));
    return switch (p.kind()) {
      case NODE_CRASH -> List.of(nemesis.crashNode(label, p.victim()));
      case DAEMON_CRASH, DAEMON_CRASH_LOOP ->
          nemesis.crashDaemon(label, p.victim(), p.times(), p.priorFailures());
      case AGENT_PAUSE -> List.of(nemesis.pauseAgent(label, p.victim(), beyondSession));
      case PARTITION -> List.of(nemesis.partition(label, p.victim(), beyondSession));
      case ZK_LEADER_CRASH -> List.of(nemesis.crashZooKeeperLeader(label, Duration.ofSeconds(5)));
      case FENCE_FAILURE ->
          List.of(
              nemesis.fenceFailure(
                  label,
                  p.victim(),
                  p.bmcMode(),
                  p.pause(),
                  session.plus(options.fenceTimeout()).plus(Duration.ofSeconds(2))));
      case RELOCATE -> List.of(nemesis.relocate(label, p.victim()));
    };
  }
}
