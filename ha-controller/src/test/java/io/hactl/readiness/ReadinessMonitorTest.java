package io.hactl.readiness;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hactl.config.ClusterConfig;
import io.hactl.config.ConfigParser;
import io.hactl.fencing.agents.FenceAgentsAdapter;
import io.hactl.history.History;
import io.hactl.history.HistoryEvent;
import io.hactl.process.ProcessRunner;
import io.hactl.resource.Lab;
import io.hactl.zk.ZkClients;
import io.hactl.zk.ZkLayout;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The periodic fence device check against a real ZooKeeper and real agents: a device whose agent is
 * missing fails, fence_dummy passes; each change is recorded once, and the failing devices are
 * published for {@code hactl status}.
 */
@Timeout(120)
class ReadinessMonitorTest {
  private static String yaml(String n2Agent) {
    return "cluster: {name: r, fenceCheckInterval: 10s}\n"
        + "nodes:\n"
        + "  n1: {address: 127.0.0.1, fence: manual}\n"
        + "  n2: {address: 127.0.0.2, fence: [[{agent: "
        + n2Agent
        + ", timeout: 10s}]]}\n";
  }

  @Test
  void aFailingDeviceIsRecordedOncePublishedAndItsRecoveryRecorded() throws Exception {
    Lab.assume(Lab.hasProgram("fence_dummy"), "fence_dummy is not installed (Debian fence-agents)");
    ClusterConfig broken = new ConfigParser().parse(yaml("fence_no_such_agent_here"), "r.yaml");
    ClusterConfig working = new ConfigParser().parse(yaml("fence_dummy"), "r.yaml");
    AtomicReference<ClusterConfig> config = new AtomicReference<>(broken);
    ZkLayout layout = new ZkLayout(broken.cluster().root());
    try (TestingServer server = new TestingServer(true);
        CuratorFramework c = ZkClients.start(server.getConnectString(), Duration.ofSeconds(6))) {
      assertTrue(ZkClients.awaitConnected(c, Duration.ofSeconds(20)));
      History history = new History(c, layout, 100);
      ReadinessMonitor m =
          new ReadinessMonitor(
              "n1",
              config::get,
              new FenceAgentsAdapter(new ProcessRunner()),
              c,
              layout,
              history,
              Clock.systemUTC());
      m.runOnce();
      await("the failure recorded")
          .atMost(Duration.ofSeconds(20))
          .until(() -> events(history).size() == 1);
      m.runOnce();
      assertEquals(1, published(c, layout).size(), "published while failing");
      String failed = events(history).get(0).message();
      assertTrue(
          failed.startsWith(
              "fence device of node n2 level 1 device 1 (fence_no_such_agent_here)"
                  + " FAILED its status check"),
          failed);
      assertTrue(failed.contains("agent not found"), failed);

      config.set(working);
      m.runOnce();
      await("the recovery recorded")
          .atMost(Duration.ofSeconds(20))
          .until(() -> events(history).size() == 2);
      assertTrue(events(history).get(1).message().contains("passes its check again"));
      assertEquals(0, published(c, layout).size(), "nothing failing is published");
      m.runOnce();
      assertEquals(2, events(history).size(), "no event for a check that changed nothing");
      m.close();
    }
  }

  private static List<HistoryEvent> events(History h) throws Exception {
    return h.read(100).stream().filter(e -> e.message().startsWith("fence device")).toList();
  }

  private static JsonNode published(CuratorFramework c, ZkLayout layout) throws Exception {
    return new ObjectMapper().readTree(c.getData().forPath(layout.readiness("n1")));
  }
}
