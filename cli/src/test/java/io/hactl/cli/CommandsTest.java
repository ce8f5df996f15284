package io.hactl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hactl.config.ConfigParser;
import io.hactl.zk.auth.ZkAccess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The hactl commands as an operator runs them, against a real ZooKeeper and real agents. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class CommandsTest {
  @TempDir Path tmp;
  @RegisterExtension final Closers closers = new Closers();

  private static HactlRun hactl(String... args) {
    return HactlRun.hactl(args);
  }

  @Test
  void validateAcceptsTheSamplesAndRejectsABadFileWithEveryError() throws Exception {
    HactlRun ok = hactl("config", "validate", "../config-samples/htcondor-schedd.yaml");
    assertEquals(0, ok.code(), ok.err());
    assertTrue(ok.out().contains("valid"), ok.out());

    Path bad = tmp.resolve("bad.yaml");
    Files.writeString(
        bad,
        "cluster: {name: Bad}\nnodes: {n1: {}}\nservices: {s: {domain: nowhere, resources: []}}\n");
    HactlRun r = hactl("config", "validate", bad.toString());
    assertEquals(3, r.code());
    assertTrue(r.err().contains(bad + ": cluster.name: must be"), r.err());
    assertTrue(r.err().contains(bad + ": nodes.n1.address:"), r.err());
    assertTrue(r.err().contains(bad + ": services.s.domain: unknown failover domain"), r.err());
  }

  @Test
  void clusterCreateWritesAValidConfigurationFromTheOneLineForm() throws Exception {
    Path out = tmp.resolve("c.yaml");
    HactlRun r =
        hactl(
            "cluster-create",
            "-o",
            out.toString(),
            "--daemon",
            "/usr/sbin/condor_schedd -f",
            "--zookeeper",
            "zk1:2181,zk2:2181,zk3:2181",
            "--fence",
            "node1:fence_dummy:type=file",
            "--fence",
            "node2:fence_dummy:type=file",
            "name=schedd1",
            "spool=/var/spool/condor",
            "server=nfs1",
            "export=/export/condor",
            "node1",
            "node2");
    assertEquals(0, r.code(), r.err());
    var c = new ConfigParser().parseFile(out);
    var svc = c.services().get("schedd1");
    assertEquals(
        List.of("node1", "node2"), c.domainOf(svc).members().stream().map(m -> m.node()).toList());
    assertEquals(2, svc.startOrder().size());
    assertEquals(
        6,
        hactl(
                "cluster-create",
                "-o",
                out.toString(),
                "name=a",
                "spool=/s",
                "server=h",
                "export=/e",
                "n1")
            .code(),
        "an existing file is not replaced");
    HactlRun missing = hactl("cluster-create", "name=a", "spool=/s", "n1");
    assertEquals(2, missing.code());
    assertTrue(missing.err().contains("missing server="), missing.err());
  }

  @Test
  void statusRelocateDisableEnableAgainstRunningAgents() throws Exception {
    TestingServer server = new TestingServer(true);
    closers.add(server);
    Path cfg = tmp.resolve("cluster.yaml");
    Files.writeString(cfg, TwoAgents.yaml("cmd", server.getConnectString()));
    var config = new ConfigParser().parseFile(cfg);
    TwoAgents.start(config, server.getConnectString(), ZkAccess.open(), closers);

    HactlRun status = hactl("status", "-c", cfg.toString());
    assertEquals(0, status.code(), status.err());
    assertTrue(status.out().matches("(?s).*s1\\s+RUNNING\\s+n1\\s+\\d+.*"), status.out());

    HactlRun refused = hactl("relocate", "s1", "--to", "n9", "-c", cfg.toString());
    assertEquals(6, refused.code());
    HactlRun moved = hactl("relocate", "s1", "--to", "n2", "-c", cfg.toString());
    assertEquals(0, moved.code(), moved.err());
    assertTrue(moved.out().contains("s1 runs on n2"), moved.out());

    HactlRun off = hactl("disable", "s1", "-c", cfg.toString(), "--timeout", "30s");
    assertEquals(0, off.code(), off.err());
    HactlRun down = hactl("status", "-c", cfg.toString());
    assertEquals(0, down.code(), "a disabled service is not a failure: " + down.out());
    assertTrue(down.out().contains("DISABLED"), down.out());
    HactlRun on = hactl("enable", "s1", "-c", cfg.toString(), "--timeout", "30s");
    assertEquals(0, on.code(), on.err());

    HactlRun history = hactl("history", "-c", cfg.toString(), "-s", "s1");
    assertTrue(history.out().contains("relocate s1 from n1 to n2"), history.out());
    assertTrue(history.out().contains("disable s1"), history.out());
  }
}
