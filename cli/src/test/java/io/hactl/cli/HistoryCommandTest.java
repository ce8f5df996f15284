package io.hactl.cli;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hactl.history.History;
import io.hactl.history.HistoryEvent;
import io.hactl.zk.ZkClients;
import io.hactl.zk.ZkLayout;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.test.TestingServer;
import org.apache.zookeeper.CreateMode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code hactl history} against a real ZooKeeper holding recorded events, one of them junk. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HistoryCommandTest {
  private static TestingServer server;
  private static CuratorFramework client;
  private static final ZkLayout LAYOUT = new ZkLayout("/hactl/hist");

  @BeforeAll
  static void record() throws Exception {
    server = new TestingServer(true);
    client = ZkClients.start(server.getConnectString(), Duration.ofSeconds(10));
    ZkClients.awaitConnected(client, Duration.ofSeconds(20));
    client.create().creatingParentsIfNeeded().forPath(LAYOUT.service("s1"));
    client.create().creatingParentsIfNeeded().forPath(LAYOUT.service("s2"));
    History history = new History(client, LAYOUT, 1000);
    // Clocks disagree: the second event claims an earlier time than the first.
    history.append(new HistoryEvent(2_000_000_000_000L, "n1", "s1", "transition", "first"));
    history.append(new HistoryEvent(1_000_000_000_000L, "n2", "s1", "transition", "second"));
    history.append(new HistoryEvent(2_000_000_001_000L, "n1", "s2", "transition", "other"));
    await("three events recorded")
        .atMost(Duration.ofSeconds(10))
        .until(() -> history.entries(100).size() == 3);
    client
        .create()
        .withMode(CreateMode.PERSISTENT_SEQUENTIAL)
        .forPath(LAYOUT.historyPrefix(), "\u0000junk{".getBytes(StandardCharsets.UTF_8));
    history.append(new HistoryEvent(2_000_000_002_000L, "cli", "s1", "command", "relocate s1"));
    await("five entries")
        .atMost(Duration.ofSeconds(10))
        .until(() -> history.entries(100).size() == 5);
  }

  @AfterAll
  static void close() throws Exception {
    client.close();
    server.close();
  }

  private static HactlRun history(String... args) {
    String[] all = new String[args.length + 5];
    all[0] = "history";
    System.arraycopy(args, 0, all, 1, args.length);
    all[args.length + 1] = "--zookeeper";
    all[args.length + 2] = server.getConnectString();
    all[args.length + 3] = "--cluster";
    all[args.length + 4] = "hist";
    return HactlRun.hactl(all);
  }

  @Test
  void showsEventsInTheOrderZooKeeperRecordedThemAndNamesTheJunkOne() {
    HactlRun r = history();
    assertEquals(0, r.code(), r.err());
    List<String> lines = r.out().lines().toList();
    assertEquals(5, lines.size(), r.out());
    assertTrue(lines.get(0).endsWith("first"), r.out());
    assertTrue(lines.get(1).endsWith("second"), "ZooKeeper's order, not the clocks': " + r.out());
    assertTrue(lines.get(3).startsWith("corrupt: /hactl/hist/history/"), r.out());
  }

  @Test
  void lastAppliesAfterTheServiceFilter() {
    HactlRun r = history("s1", "-n", "2");
    assertEquals(0, r.code(), r.err());
    List<String> lines = r.out().lines().toList();
    assertEquals(2, lines.size(), r.out());
    assertTrue(lines.get(0).endsWith("second"), r.out());
    assertTrue(lines.get(1).endsWith("relocate s1"), r.out());
    assertEquals(r.out(), history("-s", "s1", "-n", "2").out(), "-s is the same filter");
  }

  @Test
  void anUnknownServiceIsAnError() {
    HactlRun r = history("nosuch");
    assertEquals(6, r.code(), r.out());
    assertTrue(r.err().contains("no service nosuch"), r.err());
    assertTrue(r.err().contains("s1"), "names the services there are: " + r.err());
  }

  @Test
  void sinceCutsOlderEvents() {
    HactlRun r = history("--since", "2033-05-18T03:33:20.500Z");
    assertEquals(0, r.code(), r.err());
    assertEquals(2, r.out().lines().count(), r.out());
    assertFalse(r.out().contains("first"), r.out());
    HactlRun bad = history("--since", "yesterday");
    assertEquals(2, bad.code());
    assertTrue(bad.err().contains("--since"), bad.err());
  }

  @Test
  void jsonParsesBack() throws Exception {
    HactlRun r = history("s2", "-o", "json");
    assertEquals(0, r.code(), r.err());
    JsonNode events = new ObjectMapper().readTree(r.out());
    assertTrue(events.isArray(), r.out());
    assertEquals(1, events.size(), r.out());
    assertEquals("other", events.get(0).get("message").asText());
    assertEquals("n1", events.get(0).get("node").asText());
    assertEquals(2_000_000_001_000L, events.get(0).get("timeMillis").asLong());
  }
}
