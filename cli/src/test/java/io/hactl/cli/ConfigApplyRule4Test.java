package io.hactl.cli;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hactl.agent.Agent;
import io.hactl.agent.DefaultAgentServices;
import io.hactl.agent.ServiceState;
import io.hactl.config.ClusterConfig;
import io.hactl.config.ConfigParser;
import io.hactl.zk.ConfigStore;
import io.hactl.zk.MemberInfo;
import io.hactl.zk.RunningAgents;
import io.hactl.zk.ZkClients;
import io.hactl.zk.ZkLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * DESIGN rule 4 on every change: a running agent publishes the session timeout ZooKeeper granted
 * it, and {@code hactl config apply} refuses a change whose emergency stop does not fit a third of
 * it, naming the agent, even when the change fits the file's own requested timeout.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class ConfigApplyRule4Test {
  @TempDir Path tmp;

  private String yaml(String connect, String termGrace) {
    return "cluster: {name: r4, zookeeper: \""
        + connect
        + "\", sessionTimeout: 10s}\n"
        + "nodes: {n1: {address: 127.0.0.1, fence: manual}}\n"
        + "failoverDomains: {d: {nodes: [n1]}}\n"
        + "services:\n  s1:\n    domain: d\n    resources:\n"
        + "      - {type: exec, name: daemon, command: [sleep, \"600\"], termGrace: "
        + termGrace
        + ", monitorInterval: 0s}\n";
  }

  private static HactlRun hactl(String... args) {
    return HactlRun.hactl(args);
  }

  @Test
  void applyRefusesAChangeThatDoesNotFitARunningAgentsGrantedTimeout() throws Exception {
    // tickTime 100 ms: the server grants at most 2 s whatever is asked; a third is 666 ms.
    InstanceSpec spec = new InstanceSpec(tmp.resolve("zk").toFile(), -1, -1, -1, true, 1, 100, 100);
    try (TestingServer server = new TestingServer(spec, true)) {
      String connect = server.getConnectString();
      ClusterConfig fits = new ConfigParser().parse(yaml(connect, "300ms"), "fits.yaml");
      try (CuratorFramework client = ZkClients.start(connect, Duration.ofSeconds(10));
          Agent agent = new Agent(fits, "n1", client, new DefaultAgentServices())) {
        agent.start(Duration.ofSeconds(20));
        await("n1 runs s1")
            .atMost(Duration.ofSeconds(30))
            .until(() -> agent.controllers().get("s1").state() == ServiceState.RUNNING);
        Map<String, MemberInfo> running = RunningAgents.read(client, new ZkLayout("/hactl/r4"));
        assertEquals(2000, running.get("n1").sessionTimeoutMs(), "published: " + running);

        // 1 s grace needs 1.2 s: fine for the file's 10 s, not for the 2 s n1 was granted.
        Path tooSlow = tmp.resolve("slow.yaml");
        Files.writeString(tooSlow, yaml(connect, "1s"));
        assertEquals(0, hactl("config", "validate", tooSlow.toString()).code());
        HactlRun refused = hactl("config", "apply", "--yes", tooSlow.toString());
        assertEquals(3, refused.code(), refused.out() + refused.err());
        assertTrue(
            refused.err().contains("agent n1 was granted a session timeout of 2s"), refused.err());
        assertTrue(refused.err().contains("service s1 needs 1.2s"), refused.err());
        String stored = new ConfigStore(client, new ZkLayout("/hactl/r4")).read().get().value();
        assertEquals(fits.source(), stored, "the stored configuration is untouched");

        Path ok = tmp.resolve("ok.yaml");
        Files.writeString(
            ok, yaml(connect, "400ms").replace("sessionTimeout: 10s", "sessionTimeout: 12s"));
        HactlRun applied = hactl("config", "apply", "--yes", ok.toString());
        assertEquals(0, applied.code(), applied.out() + applied.err());
        assertTrue(
            applied.out().contains("takes effect at each agent's next start"), applied.out());
      }
    }
  }
}
