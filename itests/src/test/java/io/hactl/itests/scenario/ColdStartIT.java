package io.hactl.itests.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hactl.itests.Needs;
import io.hactl.itests.cluster.ClusterOptions;
import io.hactl.itests.cluster.HactlCommand;
import io.hactl.itests.cluster.TestCluster;
import io.hactl.testkit.check.Violation;
import io.hactl.testkit.net.Isolation;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A brand-new cluster whose agents all start at the same moment, with no configuration stored in
 * ZooKeeper yet (each agent's first job is to store it): every agent must join and exactly one node
 * must end up running the service. Three fresh clusters, to give races a chance.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ColdStartIT {
  private ClusterOptions options;

  @BeforeEach
  void needs() {
    Needs.namespaces();
    Needs.programs("ipmi_sim", "fence_ipmilan");
    options = ClusterOptions.fromSystemProperties();
    Needs.skipIf(HactlCommand.missingAgent(options.hactlJar()));
  }

  @Test
  void allAgentsStartingAtOnceOnAnEmptyClusterAgree() {
    for (int i = 1; i <= 3; i++) {
      try (TestCluster c =
          TestCluster.start(
              options.withIsolation(Isolation.NAMESPACES).withStoreConfigFirst(false))) {
        c.startAgents();
        String owner = c.awaitOwner(Duration.ofSeconds(60));
        assertTrue(c.nodes().stream().allMatch(n -> n.agentAlive()), "every agent still runs");
        List<Violation> v = c.check();
        assertEquals(List.of(), v, "cold start " + i + " (owner " + owner + ")");
      }
    }
  }
}
