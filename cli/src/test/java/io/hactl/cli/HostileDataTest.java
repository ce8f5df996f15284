package io.hactl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hactl.zk.Ban;
import io.hactl.zk.Checked;
import io.hactl.zk.CheckedReader;
import io.hactl.zk.CorruptReports;
import io.hactl.zk.ZkClients;
import io.hactl.zk.ZkLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.test.TestingServer;
import org.apache.zookeeper.CreateMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Junk in each kind of znode that status, history and the commands read: they keep working, name
 * the bad znode, and the operator repairs it with hactl (clear-request, config apply).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class HostileDataTest {
  private static final byte[] JUNK = "\u0000{not json ]]".getBytes(StandardCharsets.UTF_8);

  @TempDir Path tmp;

  @Test
  void statusAndHistoryNameTheBadZnodesAndHactlRepairsThem() throws Exception {
    try (TestingServer server = new TestingServer(true);
        CuratorFramework zk = ZkClients.start(server.getConnectString(), Duration.ofSeconds(6))) {
      ZkClients.awaitConnected(zk, Duration.ofSeconds(20));
      Path cfg = tmp.resolve("cluster.yaml");
      Files.writeString(cfg, TwoAgents.yaml("junk", server.getConnectString()));
      assertEquals(0, HactlRun.hactl("config", "apply", "--yes", cfg.toString()).code());
      assertEquals(
          0, HactlRun.hactl("disable", "s1", "-c", cfg.toString(), "--timeout", "1s").code());
      ZkLayout layout = new ZkLayout("/hactl/junk");
      put(zk, layout.admin("s1"), JUNK);
      put(zk, layout.state("s1"), "{\"node\":null}".getBytes(StandardCharsets.UTF_8));
      put(zk, layout.breadcrumb("s1"), "[]".getBytes(StandardCharsets.UTF_8));
      for (int i = 0; i < 300; i++) {
        put(zk, layout.ban("s1", "junk" + i), JUNK);
      }
      zk.create()
          .creatingParentsIfNeeded()
          .withMode(CreateMode.PERSISTENT_SEQUENTIAL)
          .forPath(layout.historyPrefix(), JUNK);

      HactlRun status = HactlRun.hactl("status", "-c", cfg.toString());
      assertEquals(1, status.code(), "corrupt data is not a healthy cluster: " + status.out());
      for (String path :
          new String[] {
            layout.admin("s1"),
            layout.state("s1"),
            layout.breadcrumb("s1"),
            layout.ban("s1", "junk7")
          }) {
        assertTrue(status.out().contains("corrupt: " + path + ": "), path + "\n" + status.out());
      }
      assertTrue(status.out().contains("hactl clear-request s1"), status.out());
      HactlRun history = HactlRun.hactl("history", "-c", cfg.toString());
      assertEquals(0, history.code(), history.err());
      assertTrue(history.out().contains("corrupt: " + layout.history() + "/ev-"), history.out());
      assertTrue(history.out().contains("disable s1"), "good events still shown: " + history.out());

      HactlRun enable = HactlRun.hactl("enable", "s1", "-c", cfg.toString(), "--timeout", "1s");
      assertEquals(6, enable.code(), enable.err());
      assertTrue(enable.err().contains("corrupt: " + layout.admin("s1")), enable.err());
      HactlRun clear = HactlRun.hactl("clear-request", "s1", "-c", cfg.toString());
      assertEquals(0, clear.code(), clear.err());
      assertFalse(
          HactlRun.hactl("status", "-c", cfg.toString()).out().contains(layout.admin("s1") + ":"));

      zk.setData().forPath(layout.config(), JUNK);
      HactlRun onCorruptConfig = HactlRun.hactl("status", "-c", cfg.toString());
      assertTrue(
          onCorruptConfig.out().contains("corrupt: " + layout.config() + ": "),
          onCorruptConfig.out() + onCorruptConfig.err());
      assertTrue(onCorruptConfig.out().contains("hactl config apply"), onCorruptConfig.out());
      assertTrue(onCorruptConfig.out().contains("s1"), "services still shown");
      assertEquals(
          0, HactlRun.hactl("config", "apply", "--yes", cfg.toString()).code(), "re-apply repairs");
      assertFalse(
          HactlRun.hactl("status", "-c", cfg.toString()).out().contains(layout.config() + ":"));
    }
  }

  @Test
  void statusNamesJunkInTheZnodesNamedAfterANodeAndHidesAJunkOwner() throws Exception {
    try (TestingServer server = new TestingServer(true);
        CuratorFramework zk = ZkClients.start(server.getConnectString(), Duration.ofSeconds(6))) {
      ZkClients.awaitConnected(zk, Duration.ofSeconds(20));
      Path cfg = tmp.resolve("cluster.yaml");
      Files.writeString(cfg, TwoAgents.yaml("named", server.getConnectString()));
      HactlRun apply = HactlRun.hactl("config", "apply", "--yes", cfg.toString());
      assertEquals(0, apply.code(), apply.err());
      assertFalse(apply.err().contains("does not record it"), apply.err());
      ZkLayout layout = new ZkLayout("/hactl/named");
      put(zk, layout.node("n1"), JUNK);
      put(zk, layout.node("ghost"), "{\"pid\":1}".getBytes(StandardCharsets.UTF_8));
      put(zk, layout.fenceAck("n2"), JUNK);
      put(zk, layout.fenceAck("ghost"), "{\"by\":\"x\"}".getBytes(StandardCharsets.UTF_8));
      put(zk, layout.owner("s1"), "\u001b[2Jn9".getBytes(StandardCharsets.UTF_8));

      HactlRun status = HactlRun.hactl("status", "-c", cfg.toString());
      assertEquals(1, status.code(), "corrupt data is not a healthy cluster: " + status.out());
      for (String path :
          new String[] {
            layout.node("n1"),
            layout.node("ghost"),
            layout.fenceAck("n2"),
            layout.fenceAck("ghost"),
            layout.owner("s1")
          }) {
        assertTrue(status.out().contains("corrupt: " + path + ": "), path + "\n" + status.out());
      }
      assertFalse(
          status.out().contains("\u001b"), "the junk owner is not printed: " + status.out());

      HactlRun history = HactlRun.hactl("history", "-c", cfg.toString());
      assertTrue(
          history.out().contains("config apply: cluster.yaml stored"),
          "config apply is recorded with who did it: " + history.out() + history.err());
    }
  }

  @Test
  void aCorruptNodeIsReportedOncePerVersion() {
    CorruptReports reports = new CorruptReports();
    Checked<Ban> bad = CheckedReader.decode("/c/services/s/bans/x", 7, JUNK, Ban.class);
    Checked<Ban> again = CheckedReader.decode("/c/services/s/bans/x", 7, JUNK, Ban.class);
    Checked<Ban> rewritten = CheckedReader.decode("/c/services/s/bans/x", 9, JUNK, Ban.class);
    assertTrue(reports.first((Checked.Corrupt<Ban>) bad));
    assertFalse(reports.first((Checked.Corrupt<Ban>) again));
    assertTrue(reports.first((Checked.Corrupt<Ban>) rewritten));
    assertTrue(
        bad.toString().startsWith("corrupt: /c/services/s/bans/x: not a valid Ban"),
        bad.toString());
    assertFalse(bad.toString().contains("not json"), "the content is not quoted: " + bad);
    Checked<Ban> ok =
        CheckedReader.decode(
            "/c/services/s/bans/y",
            3,
            "{\"untilMillis\":5,\"reason\":\"r\"}".getBytes(),
            Ban.class);
    assertEquals(new Ban(5, "r"), ok.value().orElseThrow());
  }

  private static void put(CuratorFramework zk, String path, byte[] data) throws Exception {
    zk.create().orSetData().creatingParentsIfNeeded().forPath(path, data);
  }
}
