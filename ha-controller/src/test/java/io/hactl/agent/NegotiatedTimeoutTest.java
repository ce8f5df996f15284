package io.hactl.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hactl.config.ClusterConfig;
import io.hactl.config.ConfigParser;
import io.hactl.zk.ZkClients;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * DESIGN rule 4 at run time: ZooKeeper may grant a shorter session than requested (it clamps to [2,
 * 20] x tickTime); an agent whose emergency stop no longer fits a third of what was granted refuses
 * to join instead of running unsafely.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class NegotiatedTimeoutTest {
  @TempDir Path tmp;

  @Test
  void anAgentRefusesToJoinWhenTheGrantedSessionIsTooShortForItsEmergencyStop() throws Exception {
    // tickTime 100 ms: the server grants at most 2 s, whatever is asked.
    InstanceSpec spec = new InstanceSpec(tmp.toFile(), -1, -1, -1, true, 1, 100, 100);
    try (TestingServer server = new TestingServer(spec, true)) {
      String yaml =
          "cluster: {name: t, zookeeper: \""
              + server.getConnectString()
              + "\", sessionTimeout: 10s}\n"
              + "nodes: {n1: {address: 127.0.0.1, fence: manual}}\n"
              + "failoverDomains: {d: {nodes: [n1]}}\n"
              + "services:\n  s1:\n    domain: d\n    resources:\n"
              + "      - {type: exec, name: daemon, command: [sleep, \"600\"], termGrace: 1s}\n";
      ClusterConfig config = new ConfigParser().parse(yaml, "t.yaml"); // valid for 10 s
      try (CuratorFramework client =
          ZkClients.start(server.getConnectString(), Duration.ofSeconds(10))) {
        Agent agent = new Agent(config, "n1", client, new DefaultAgentServices());
        AgentException e =
            assertThrows(AgentException.class, () -> agent.start(Duration.ofSeconds(20)));
        assertEquals(ExitCode.CONFIG_INVALID, e.exitCode());
        assertTrue(
            e.getMessage().contains("negotiated a session timeout of 2000 ms"), e.getMessage());
        assertTrue(e.getMessage().contains("service s1 needs 1200 ms"), e.getMessage());
        assertTrue(client.checkExists().forPath("/hactl/t/nodes/n1") == null, "it never joined");
      }
    }
  }
}
