package io.hactl.itests.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hactl.config.ClusterConfig;
import io.hactl.config.ConfigException;
import io.hactl.config.ConfigParser;
import io.hactl.config.ExecResourceConfig;
import io.hactl.config.FsResourceConfig;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** hactl's own parser accepts the configuration the harness writes, budgets included. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class ClusterYamlParsesTest {
  @Test
  void hactlAcceptsTheHarnessConfiguration() throws ConfigException {
    ClusterConfig c = new ConfigParser().parse(ClusterYamlTest.sample(), "harness.yaml");
    assertEquals(Duration.ofSeconds(4), c.cluster().sessionTimeout());
    FsResourceConfig spool =
        (FsResourceConfig) c.service(ClusterYaml.SERVICE).orElseThrow().resources().get(0);
    assertEquals("none", spool.fstype());
    assertEquals("bind", spool.options());
    ExecResourceConfig daemon = (ExecResourceConfig) spool.children().get(0);
    assertEquals("/bin/sh", daemon.command().get(0));
    assertTrue(
        c.service(ClusterYaml.SERVICE)
                .orElseThrow()
                .emergencyStopBudget()
                .compareTo(Duration.ofSeconds(4).dividedBy(3))
            <= 0,
        "the emergency stop fits a third of the session timeout");
    assertEquals(
        ClusterYaml.MAX_RESTARTS,
        c.service(ClusterYaml.SERVICE).orElseThrow().recovery().maxRestarts());
  }
}
