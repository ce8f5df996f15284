package io.hactl.itests.campaign;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hactl.itests.Needs;
import io.hactl.itests.cluster.ClusterOptions;
import io.hactl.itests.cluster.HactlCommand;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The soak's smoke version (the long one: {@code itests/soak.sh --minutes 30}): 45 s of an idle
 * cluster with hactl's default timings while stress-ng keeps the cores busy; no suspension, no
 * failover, no fence call, no violation.
 */
class SoakIT {
  @Test
  @Timeout(value = 8, unit = TimeUnit.MINUTES)
  void anIdleClusterWithTheDefaultsRidesOutBusyCoresWithoutSuspension() {
    Needs.namespaces();
    Needs.programs("ipmi_sim", "fence_ipmilan", "stress-ng");
    Needs.skipIf(HactlCommand.missingAgent(ClusterOptions.fromSystemProperties().hactlJar()));
    System.setProperty("hx.productDefaults", "true");
    System.setProperty("hx.agentNice", "-10");
    try {
      assertEquals(0, Soak.run(45, "10%"), "the soak passed (its report is above)");
    } finally {
      System.clearProperty("hx.productDefaults");
      System.clearProperty("hx.agentNice");
    }
  }
}
