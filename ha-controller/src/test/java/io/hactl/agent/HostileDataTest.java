package io.hactl.agent;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.hactl.history.History;
import io.hactl.history.HistoryEvent;
import io.hactl.zk.ZkClients;
import io.hactl.zk.auth.CredentialsDirectory;
import io.hactl.zk.auth.ZkAccess;
import io.hactl.zk.auth.ZkRole;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Agents over hostile data in a real ZooKeeper (DESIGN rule 9, issue 8 item 4): a junk stored
 * configuration, a junk breadcrumb, junk admin state and bans. Nothing crashes, nothing floods the
 * log, nothing unsafe starts.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class HostileDataTest {
  private static final String STD = "{policy: restart, maxRestarts: 3, window: 60s}";
  private static final byte[] JUNK = "\u0000{not json at all: [".getBytes(StandardCharsets.UTF_8);

  @TempDir Path tmp;
  private TestingServer server;
  private AgentHarness h;
  private CuratorFramework writer;
  private final ListAppender<ILoggingEvent> log = new ListAppender<>();
  private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);

  @BeforeAll
  static void needFenceDummy() {
    AgentHarness.assumeFenceDummy("HostileDataTest");
  }

  @BeforeEach
  void start() throws Exception {
    server = new TestingServer(true);
    h = new AgentHarness(tmp, server.getConnectString());
    writer = CuratorFrameworkFactory.newClient(server.getConnectString(), new RetryOneTime(100));
    writer.start();
    log.start();
    root.addAppender(log);
  }

  @AfterEach
  void stop() throws Exception {
    root.detachAppender(log);
    h.close();
    writer.close();
    server.close();
  }

  private List<HistoryEvent> history() throws Exception {
    return new History(writer, h.layout(), 1000).read(1000);
  }

  private void awaitHistory(String what, Predicate<HistoryEvent> match) {
    await(what).atMost(Duration.ofSeconds(10)).until(() -> history().stream().anyMatch(match));
  }

  private long logLines(String containing) {
    return log.list.stream().filter(e -> e.getFormattedMessage().contains(containing)).count();
  }

  @Test
  void anAgentOverAJunkStoredConfigurationStartsWithItsLocalFileAndSaysSo() throws Exception {
    writer.create().creatingParentsIfNeeded().forPath(h.layout().config(), JUNK);
    h.start("n1", h.config(AgentHarness.fences(true), STD));
    h.awaitRunning("n1");
    awaitHistory(
        "the history names the corrupt configuration",
        e ->
            e.kind().equals("config")
                && e.message().contains(h.layout().config())
                && e.message().contains("hactl config apply"));
    assertEquals(
        1,
        log.list.stream()
            .filter(e -> e.getLevel() == ch.qos.logback.classic.Level.ERROR)
            .filter(e -> e.getFormattedMessage().contains("starting with the local configuration"))
            .count(),
        "said once at ERROR");
    assertEquals(0, logLines("is invalid"), "and not again by the reload of the same znode");
  }

  @Test
  void aJunkBreadcrumbBlocksTheTakeoverUntilEveryOtherNodeIsFencedOrAcknowledged()
      throws Exception {
    String bc = h.layout().breadcrumb("s1");
    writer.create().creatingParentsIfNeeded().forPath(bc, JUNK);
    // Only n2 runs; n1's fence device fails, so the unknown previous owner cannot be excluded.
    h.start("n2", h.config(AgentHarness.fences(false), STD));
    await("n2 BLOCKED")
        .atMost(Duration.ofSeconds(30))
        .until(() -> h.state("n2") == ServiceState.BLOCKED);
    assertTrue(h.livePid("n2").isEmpty(), "nothing starts while the previous owner is unknown");
    awaitHistory(
        "the BLOCKED move in the history names the breadcrumb and the fix",
        e ->
            e.message().contains(bc)
                && e.message().contains("BLOCKED")
                && e.message().contains("hactl fence ack"));
    ServiceState s = h.state("n2");
    assertTrue(s == ServiceState.BLOCKED || s == ServiceState.FENCING, "still blocked, not " + s);
    assertTrue(h.livePid("n2").isEmpty());

    // An operator confirms n1 off: n2 proceeds at its next retry, over a breadcrumb it rewrote.
    writer.create().creatingParentsIfNeeded().forPath(h.layout().fenceAck("n1"));
    h.awaitRunning("n2");
    String rewritten = new String(writer.getData().forPath(bc), StandardCharsets.UTF_8);
    assertTrue(rewritten.contains("\"owner\":\"n2\""), "breadcrumb rewritten: " + rewritten);
  }

  @Test
  void aJunkBreadcrumbIsOverwrittenAfterTheOtherNodesAreFenced() throws Exception {
    writer.create().creatingParentsIfNeeded().forPath(h.layout().breadcrumb("s1"), JUNK);
    Files.writeString(tmp.resolve("power-n2"), "on"); // n2's simulated power: on, agent down
    h.start("n1", h.config(AgentHarness.fences(false), STD));
    h.awaitRunning("n1");
    assertTrue(h.fencedOff("n2"), "n2, a possible previous owner, was fenced first");
  }

  @Test
  void junkBansAndAJunkAdminNodeAreIgnoredAndReportedOncePerAgent() throws Exception {
    String yaml = h.config(AgentHarness.fences(true), STD);
    h.start("n1", yaml);
    h.start("n2", yaml);
    h.awaitRunning("n1");
    long pid = h.livePid("n1").orElseThrow();
    String svc = h.layout().service("s1");
    writer.create().creatingParentsIfNeeded().forPath(h.layout().admin("s1"), JUNK);
    for (int i = 0; i < 300; i++) {
      byte[] junk = i % 2 == 0 ? JUNK : "{\"untilMillis\": 0}".getBytes(StandardCharsets.UTF_8);
      writer.create().creatingParentsIfNeeded().forPath(h.layout().bans("s1") + "/x" + i, junk);
    }
    // Each agent reports each of the 301 bad nodes once: 602 lines, then no more, however often
    // placement runs again (every change below wakes it on both agents).
    await("both agents reported every bad node")
        .atMost(Duration.ofSeconds(30))
        .until(() -> logLines("corrupt: " + svc + "/") >= 602);
    for (int i = 0; i < 20; i++) {
      writer.create().forPath(svc + "/wake-" + i);
    }
    await("no further report")
        .during(Duration.ofSeconds(3))
        .atMost(Duration.ofSeconds(10))
        .until(() -> logLines("corrupt: " + svc + "/") == 602);
    assertEquals(ServiceState.RUNNING, h.state("n1"));
    assertEquals(Optional.of(pid), h.livePid("n1"), "the same daemon kept running");
    assertEquals(ServiceState.OFFLINE, h.state("n2"));
    assertTrue(
        history().stream()
            .anyMatch(
                e ->
                    e.kind().equals("corrupt")
                        && e.message().contains(h.layout().admin("s1"))
                        && e.message().contains("ignored")),
        "the history names the corrupt admin node");
  }

  @Test
  void aFenceAckNotCreatedByAnAdministratorIsIgnoredAndRecordedOnce() throws Exception {
    Path creds = tmp.resolve("credentials");
    assertTrue(CredentialsDirectory.ensure(creds));
    String root = h.layout().root();
    h.access = ZkAccess.fromDirectory(creds, List.of(ZkRole.AGENT), root, Map.of());
    ZkAccess adminAccess = ZkAccess.fromDirectory(creds, List.of(ZkRole.ADMIN), root, Map.of());
    writer.close();
    writer = ZkClients.start(server.getConnectString(), Duration.ofSeconds(6), adminAccess);
    CuratorFramework agentIdentity =
        ZkClients.start(server.getConnectString(), Duration.ofSeconds(6), h.access);
    try {
      String yaml = h.config(AgentHarness.fences(false), STD);
      h.n1DiesUnfenceably(yaml);

      // An ack written with an agent's credentials (a node's, not an operator's) does not count.
      String ack = h.layout().fenceAck("n1");
      agentIdentity.create().creatingParentsIfNeeded().forPath(ack);
      await("the forged acknowledgement is recorded")
          .atMost(Duration.ofSeconds(30))
          .until(
              () ->
                  history().stream()
                      .anyMatch(e -> e.message().startsWith("ignoring fence acknowledgement")));
      await("two more fence retries")
          .atMost(Duration.ofSeconds(30))
          .until(() -> fenceFailures() >= 3);
      assertTrue(h.livePid("n2").isEmpty(), "nothing starts on a forged acknowledgement");
      ServiceState s = h.state("n2");
      assertTrue(s == ServiceState.BLOCKED || s == ServiceState.FENCING, "still blocked, not " + s);
      assertEquals(1, logLines("ignoring fence acknowledgement " + ack), "reported once");

      // The administrator's own acknowledgement counts.
      writer.delete().forPath(ack);
      writer.create().forPath(ack);
      h.awaitRunning("n2");
      String who = "acknowledged by administrator " + adminAccess.credentials().user();
      assertTrue(
          history().stream().anyMatch(e -> e.message().contains(who)),
          "the history names the administrator: " + history());
    } finally {
      agentIdentity.close();
    }
  }

  private long fenceFailures() throws Exception {
    return history().stream().filter(e -> e.message().startsWith("FAILED to fence n1")).count();
  }

  @Test
  void theFirstAgentRefusesToStoreClearTextSecretsUnlessAllowed() throws Exception {
    String yaml =
        h.config(AgentHarness.fences(false), STD)
            .replace("{type: fail,", "{type: fail, passwd: hunter2-in-clear,");
    AgentException refused = assertThrows(AgentException.class, () -> h.start("n1", yaml));
    assertEquals(ExitCode.CONFIG_INVALID, refused.exitCode());
    assertTrue(
        refused.getMessage().contains("nodes.n1.fence[0][0].options.passwd")
            && refused.getMessage().contains("--allow-clear-text-secrets"),
        refused.getMessage());
    assertFalse(refused.getMessage().contains("hunter2-in-clear"), "the secret is not repeated");
    assertNull(writer.checkExists().forPath(h.layout().config()), "nothing stored");

    h.allowClearTextSecrets = true;
    h.start("n1", yaml);
    h.awaitRunning("n1");
    assertNotNull(writer.checkExists().forPath(h.layout().config()), "stored when allowed");
  }
}
