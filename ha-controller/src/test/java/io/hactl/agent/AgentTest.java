package io.hactl.agent;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hactl.history.History;
import io.hactl.history.HistoryEvent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Agents against a real ZooKeeper server, with real daemons and the real fence_dummy agent: clean
 * release, fencing of an unclean owner, BLOCKED on a failing fence, demotion on SUSPENDED, restart
 * in place then relocation.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class AgentTest {
  private static final String STD = "{policy: restart, maxRestarts: 3, window: 60s}";

  @TempDir Path tmp;
  private TestingServer server;
  private AgentHarness h;

  @BeforeAll
  static void needFenceDummy() {
    AgentHarness.assumeFenceDummy("AgentTest");
  }

  @BeforeEach
  void start() throws Exception {
    server = new TestingServer(true);
    h = new AgentHarness(tmp, server.getConnectString());
  }

  @AfterEach
  void stop() throws Exception {
    h.close();
    server.close();
  }

  private List<HistoryEvent> history() throws Exception {
    return new History(h.clients.get(h.clients.size() - 1), h.layout(), 1000).read(1000);
  }

  @Test
  void theFirstNodeOfAnOrderedDomainRunsTheServiceAndTheOtherStaysIdle() throws Exception {
    String yaml = h.config(AgentHarness.fences(true), STD);
    h.start("n1", yaml);
    h.start("n2", yaml);
    h.awaitRunning("n1");
    assertEquals(ServiceState.OFFLINE, h.state("n2"));
    assertTrue(h.livePid("n2").isEmpty());
  }

  @Test
  void aCleanReleaseNeedsNoFencing() throws Exception {
    String yaml = h.config(AgentHarness.fences(true), STD);
    h.start("n1", yaml);
    h.awaitRunning("n1");
    long e1 = h.epoch("n1");
    h.start("n2", yaml);
    h.agents.remove("n1").close(); // agent shutdown: stop, release cleanly
    assertTrue(h.livePid("n1").isEmpty(), "n1 stopped its daemon before releasing");
    h.awaitRunning("n2");
    assertTrue(h.epoch("n2") > e1, "the new owner has a newer epoch");
    assertFalse(h.fencedOff("n1"), "a clean release must not fence the old owner");
    assertTrue(history().stream().noneMatch(e -> e.kind().equals("fence")));
  }

  @Test
  void anUncleanOwnerIsFencedBeforeTheServiceStartsElsewhere() throws Exception {
    String yaml = h.config(AgentHarness.fences(true), STD);
    h.start("n1", yaml);
    h.start("n2", yaml);
    h.awaitRunning("n1");
    h.crash("n1");
    h.awaitRunning("n2");
    assertTrue(h.fencedOff("n1"), "n2 fenced n1 through fence_dummy before starting");
    List<HistoryEvent> events = history();
    int fenced = indexOf(events, "n2", "fence", "fenced n1");
    int started = indexOf(events, "n2", "transition", "STARTING -> RUNNING");
    assertTrue(fenced >= 0 && started > fenced, "fence recorded before start: " + events);
  }

  @Test
  void aFailingFenceLeavesTheServiceBlockedWithNothingStarted() throws Exception {
    String yaml = h.config(AgentHarness.fences(false), STD);
    h.n1DiesUnfenceably(yaml);
    // Through several fence retries, nothing is started on n2.
    long until = System.nanoTime() + Duration.ofSeconds(8).toNanos();
    while (System.nanoTime() < until) {
      assertTrue(h.livePid("n2").isEmpty(), "no daemon may start while fencing fails");
      assertTrue(
          h.state("n2") == ServiceState.BLOCKED || h.state("n2") == ServiceState.FENCING,
          "state " + h.state("n2"));
      Thread.sleep(100);
    }
    assertTrue(history().stream().anyMatch(e -> e.message().startsWith("FAILED to fence n1")));

    // An operator confirms n1 dead (what `hactl fence ack n1` writes): n2 starts at its next retry.
    h.clients.get(1).create().creatingParentsIfNeeded().forPath(h.layout().fenceAck("n1"));
    h.awaitRunning("n2");
    assertTrue(
        history().stream().anyMatch(e -> e.message().contains("acknowledged by an operator")));
  }

  @Test
  void anAcknowledgementOlderThanTheLossDoesNotCount() throws Exception {
    String yaml = h.config(AgentHarness.fences(false), STD);
    h.start("n1", yaml);
    h.start("n2", yaml);
    h.clients.get(1).create().creatingParentsIfNeeded().forPath(h.layout().fenceAck("n1"));
    h.awaitRunning("n1");
    h.crash("n1");
    await("n2 BLOCKED")
        .atMost(Duration.ofSeconds(30))
        .until(() -> h.state("n2") == ServiceState.BLOCKED);
    Thread.sleep(6000); // past one fence retry: the stale acknowledgement must not unblock n2
    ServiceState s = h.state("n2");
    assertTrue(s == ServiceState.BLOCKED || s == ServiceState.FENCING, "still fencing, not " + s);
    assertTrue(h.livePid("n2").isEmpty());
  }

  @Test
  void demotionStartsOnSuspendedAndFinishesInsideItsBudget() throws Exception {
    String yaml = h.config(AgentHarness.fences(true), STD);
    Agent a = h.start("n1", yaml);
    h.awaitRunning("n1");
    long pid = h.livePid("n1").orElseThrow();
    long e1 = h.epoch("n1");
    CuratorFramework client = h.clientOf.get("n1");
    List<ConnectionState> states = new CopyOnWriteArrayList<>();
    List<Long> suspendedAt = new CopyOnWriteArrayList<>();
    client
        .getConnectionStateListenable()
        .addListener(
            (c, s) -> {
              states.add(s);
              if (s == ConnectionState.SUSPENDED) {
                suspendedAt.add(System.nanoTime());
              }
            });
    Duration session = a.negotiatedSessionTimeout();
    Duration budget = Duration.ofMillis(1200); // termGrace 1s + kill wait 200 ms
    server.stop();
    await("SUSPENDED").atMost(session).until(() -> !suspendedAt.isEmpty());
    await("daemon killed after SUSPENDED")
        .atMost(session)
        .until(() -> ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true));
    long took = (System.nanoTime() - suspendedAt.get(0)) / 1_000_000;
    assertFalse(
        states.contains(ConnectionState.LOST), "demotion must not wait for LOST: " + states);
    long margin = 1000; // scheduling noise of a 2-core machine; the check is "well before S"
    assertTrue(
        took <= budget.toMillis() + margin,
        "emergency stop took " + took + " ms after SUSPENDED, budget " + budget.toMillis() + " ms");
    assertTrue(took < session.toMillis() * 2 / 3, "done before the session can expire");
    await().atMost(Duration.ofSeconds(5)).until(() -> h.state("n1") == ServiceState.SUSPENDED);

    server.restart();
    h.awaitRunning("n1");
    assertTrue(h.epoch("n1") > e1, "after re-proof the owner runs with a newer epoch");
  }

  @Test
  void aDaemonThatKeepsDyingIsRestartedInPlaceThenRelocated() throws Exception {
    String yaml =
        h.config(AgentHarness.fences(true), "{policy: restart, maxRestarts: 2, window: 60s}");
    h.start("n1", yaml);
    h.start("n2", yaml);
    h.awaitRunning("n1");
    List<Long> pids = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      long pid = h.livePid("n1").orElseThrow();
      pids.add(pid);
      ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
      await("restart " + (i + 1) + " in place")
          .atMost(Duration.ofSeconds(15))
          .until(
              () ->
                  h.state("n1") == ServiceState.RUNNING
                      && h.livePid("n1").isPresent()
                      && !pids.contains(h.livePid("n1").get()));
    }
    ProcessHandle.of(h.livePid("n1").orElseThrow()).ifPresent(ProcessHandle::destroyForcibly);
    h.awaitRunning("n2");
    assertEquals(ServiceState.OFFLINE, h.state("n1"));
    assertFalse(h.fencedOff("n1"), "a relocation after failures is a clean release");
    assertTrue(history().stream().anyMatch(e -> e.kind().equals("ban")), "n1 is banned");
  }

  @Test
  void runningAgentsPickUpAddedAndRemovedServicesWithoutRestart() throws Exception {
    String yaml = h.config(AgentHarness.fences(true), STD);
    h.start("n1", yaml);
    h.awaitRunning("n1");
    String s2 =
        "  s2:\n    domain: d\n    resources:\n"
            + "      - {type: exec, name: other, command: [sleep, \"600\"], termGrace: 1s}\n";
    var store = new io.hactl.zk.ConfigStore(h.clients.get(0), h.layout());
    var withS2 = new io.hactl.config.ConfigParser().parse(yaml + s2, "new.yaml");
    store.apply(withS2, store.read().orElseThrow().version());
    await("n1 runs the added service s2")
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                h.agents.get("n1").controllers().containsKey("s2")
                    && h.agents.get("n1").controllers().get("s2").state() == ServiceState.RUNNING);

    var without = new io.hactl.config.ConfigParser().parse(yaml, "old.yaml");
    store.apply(without, store.read().orElseThrow().version());
    await("s2 released once removed")
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                !h.agents.get("n1").controllers().containsKey("s2")
                    && h.clients.get(0).checkExists().forPath(h.layout().owner("s2")) == null);
    assertEquals(ServiceState.RUNNING, h.state("n1"), "s1 was not disturbed");
  }

  private static int indexOf(List<HistoryEvent> events, String node, String kind, String text) {
    for (int i = 0; i < events.size(); i++) {
      HistoryEvent e = events.get(i);
      if (e.node().equals(node) && e.kind().equals(kind) && e.message().contains(text)) {
        return i;
      }
    }
    return -1;
  }
}
