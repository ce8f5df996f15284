package io.hactl.agent;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.hactl.history.History;
import io.hactl.history.HistoryEvent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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
    boolean present = Files.isExecutable(Path.of("/usr/sbin/fence_dummy"));
    if (!present) {
      System.err.println(
          "SKIPPED HostileDataTest: /usr/sbin/fence_dummy missing (apt-get install fence-agents)");
    }
    assumeTrue(present, "fence_dummy from Debian's fence-agents is needed");
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

  private static Map<String, Boolean> fences(boolean n1Works) {
    Map<String, Boolean> m = new LinkedHashMap<>();
    m.put("n1", n1Works);
    m.put("n2", true);
    return m;
  }

  private List<HistoryEvent> history() throws Exception {
    return new History(writer, h.layout(), 1000).read(1000);
  }

  private void awaitRunning(String node) {
    await(node + " runs s1 with a live daemon")
        .atMost(Duration.ofSeconds(30))
        .until(() -> h.state(node) == ServiceState.RUNNING && h.livePid(node).isPresent());
  }

  private long logLines(String containing) {
    return log.list.stream().filter(e -> e.getFormattedMessage().contains(containing)).count();
  }

  @Test
  void anAgentOverAJunkStoredConfigurationStartsWithItsLocalFileAndSaysSo() throws Exception {
    writer.create().creatingParentsIfNeeded().forPath(h.layout().config(), JUNK);
    h.start("n1", h.config(fences(true), STD));
    awaitRunning("n1");
    await("the history names the corrupt configuration")
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                history().stream()
                    .anyMatch(
                        e ->
                            e.kind().equals("config")
                                && e.message().contains(h.layout().config())
                                && e.message().contains("hactl config apply")));
    assertEquals(
        1,
        log.list.stream()
            .filter(e -> e.getLevel() == ch.qos.logback.classic.Level.ERROR)
            .filter(e -> e.getFormattedMessage().contains("starting with the local configuration"))
            .count(),
        "said once at ERROR");
  }
}
