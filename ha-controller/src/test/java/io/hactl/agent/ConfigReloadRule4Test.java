package io.hactl.agent;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hactl.config.ClusterConfig;
import io.hactl.config.ConfigParser;
import io.hactl.history.History;
import io.hactl.zk.ConfigStore;
import io.hactl.zk.MemberInfo;
import io.hactl.zk.RunningAgents;
import io.hactl.zk.ZkClients;
import io.hactl.zk.ZkLayout;
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
 * DESIGN rule 4 at hot reload: a running agent publishes the session timeout it was granted, and
 * refuses a stored configuration whose emergency stop does not fit a third of it (however it got
 * stored), keeping the running one and saying so in the history.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ConfigReloadRule4Test {
  @TempDir Path tmp;

  private static String yaml(String connect, String termGrace) {
    return "cluster: {name: t, zookeeper: \""
        + connect
        + "\", sessionTimeout: 10s}\n"
        + "nodes: {n1: {address: 127.0.0.1, fence: manual}}\n"
        + "failoverDomains: {d: {nodes: [n1]}}\n"
        + "services:\n  s1:\n    domain: d\n    resources:\n"
        + "      - {type: exec, name: daemon, command: [sleep, \"600\"], termGrace: "
        + termGrace
        + ", monitorInterval: 0s}\n";
  }

  @Test
  void aRunningAgentRefusesAStoredChangeThatDoesNotFitItsGrantedTimeout() throws Exception {
    // tickTime 100 ms: the server grants at most 2 s; a third is 666 ms.
    InstanceSpec spec = new InstanceSpec(tmp.toFile(), -1, -1, -1, true, 1, 100, 100);
    try (TestingServer server = new TestingServer(spec, true)) {
      String connect = server.getConnectString();
      ClusterConfig fits = new ConfigParser().parse(yaml(connect, "300ms"), "fits.yaml");
      ZkLayout layout = new ZkLayout("/hactl/t");
      try (CuratorFramework client = ZkClients.start(connect, Duration.ofSeconds(10));
          Agent agent = new Agent(fits, "n1", client, new DefaultAgentServices())) {
        agent.start(Duration.ofSeconds(20));
        assertEquals(
            new MemberInfo(ProcessHandle.current().pid(), 2000),
            RunningAgents.read(client, layout).get("n1"),
            "the membership node carries the granted timeout");
        ConfigStore store = new ConfigStore(client, layout);
        ClusterConfig tooSlow = new ConfigParser().parse(yaml(connect, "1s"), "slow.yaml");
        store.apply(tooSlow, store.read().get().version());
        History history = new History(client, layout, 1000);
        await("the agent refuses the change")
            .atMost(Duration.ofSeconds(20))
            .until(
                () ->
                    history.read(100).stream()
                        .anyMatch(
                            e ->
                                e.message().startsWith("refused a new configuration")
                                    && e.message().contains("service s1 needs 1200 ms")));
        assertEquals(
            0,
            history.read(100).stream()
                .filter(e -> e.message().contains("picked up a new configuration"))
                .count(),
            "the running configuration stays");
      }
    }
  }
}
