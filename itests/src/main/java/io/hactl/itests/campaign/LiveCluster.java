package io.hactl.itests.campaign;

import io.hactl.itests.cluster.ClusterOptions;
import io.hactl.itests.cluster.HactlCommand;
import io.hactl.itests.cluster.TestCluster;
import io.hactl.itests.nemesis.Budgets;
import io.hactl.itests.nemesis.Nemesis;
import io.hactl.testkit.support.HarnessException;
import java.time.Duration;

/**
 * A test cluster with its agents running and one node owning the service, plus the nemesis for it:
 * what the campaign and the benchmark start from. Closing it tears the cluster down.
 *
 * @param cluster the cluster
 * @param nemesis its fault injector
 * @param session the session timeout ZooKeeper negotiated with the agents
 */
public record LiveCluster(TestCluster cluster, Nemesis nemesis, Duration session)
    implements AutoCloseable {

  /** Starts everything; throws with the reason when the hactl jar has no agent. */
  public static LiveCluster start(ClusterOptions o) {
    HactlCommand.missingAgent(o.hactlJar())
        .ifPresent(
            why -> {
              throw new HarnessException(why);
            });
    TestCluster c = TestCluster.start(o);
    try {
      c.startAgents();
      c.awaitOwner(Duration.ofSeconds(90));
      Duration s =
          c.negotiatedSessionTimeouts().values().stream().findFirst().orElse(o.sessionTimeout());
      return new LiveCluster(c, new Nemesis(c, Budgets.of(o, s)), s);
    } catch (RuntimeException e) {
      c.close();
      throw e;
    }
  }

  @Override
  public void close() {
    cluster.close();
  }
}
