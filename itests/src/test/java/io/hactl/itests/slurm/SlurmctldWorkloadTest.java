package io.hactl.itests.slurm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hactl.config.ClusterConfig;
import io.hactl.config.ConfigException;
import io.hactl.config.ConfigParser;
import io.hactl.config.ExecResourceConfig;
import io.hactl.config.FsResourceConfig;
import io.hactl.config.ServiceConfig;
import io.hactl.itests.cluster.ClusterPaths;
import io.hactl.itests.cluster.ClusterYaml;
import io.hactl.testkit.net.LoopbackNetwork;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** hactl's parser accepts the slurmctld service the Slurm IT runs, with its emergency budget. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class SlurmctldWorkloadTest {
  @Test
  void theSpoolCarriesTheFloatingAddressWhichCarriesSlurmctld() throws ConfigException {
    ClusterPaths paths = ClusterPaths.under(Path.of("/run/x"));
    SlurmctldWorkload w = new SlurmctldWorkload(Path.of("/src/config-samples/floating-ip.sh"));
    String yaml =
        ClusterYaml.render(
            "hxab12",
            "10.0.0.201:2181",
            Duration.ofSeconds(5),
            List.of(
                new ClusterYaml.NodeEntry(
                    "n1",
                    "10.0.0.1",
                    "/run/x/bin/f",
                    Map.of("ip", "10.0.0.101"),
                    Duration.ofSeconds(10))),
            true,
            w.shape().clusterLines(),
            w.shape().services().apply(paths, new LoopbackNetwork()));
    ClusterConfig c = new ConfigParser().parse(yaml, "slurm.yaml");
    ServiceConfig s = c.service(ClusterYaml.SERVICE).orElseThrow();
    FsResourceConfig spool = (FsResourceConfig) s.resources().get(0);
    ExecResourceConfig ip = (ExecResourceConfig) spool.children().get(0);
    assertEquals("/src/config-samples/floating-ip.sh", ip.command().get(1));
    ExecResourceConfig ctl = (ExecResourceConfig) ip.children().get(0);
    assertEquals("/usr/bin/unshare", ctl.command().get(0));
    assertEquals("/run/x/slurm/hactl/slurm.conf", ctl.environment().get("SLURM_CONF"));
    assertEquals(paths.spool().toString(), spool.device());
    assertEquals("/usr/sbin/slurmctld", w.shape().daemonMarker().apply(paths));
    assertTrue(
        s.emergencyStopBudget().compareTo(Duration.ofSeconds(5).dividedBy(3)) <= 0,
        "the emergency stop fits a third of the IT's 5 s session: " + s.emergencyStopBudget());
  }
}
