package io.hactl.cli;

import static org.awaitility.Awaitility.await;

import io.hactl.agent.Agent;
import io.hactl.agent.DefaultAgentServices;
import io.hactl.agent.ServiceState;
import io.hactl.config.ClusterConfig;
import io.hactl.zk.ZkClients;
import io.hactl.zk.auth.ZkAccess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.curator.framework.CuratorFramework;

/** A cluster of two real agents (n1, n2) in this JVM running service s1, for command tests. */
final class TwoAgents {
  private TwoAgents() {}

  /** The configuration: cluster {@code name}, nodes n1 and n2, s1 a sleeping daemon. */
  static String yaml(String name, String connect) {
    return "cluster: {name: "
        + name
        + ", zookeeper: \""
        + connect
        + "\", sessionTimeout: 6s}\n"
        + "nodes: {n1: {address: 127.0.0.1, fence: manual}, n2: {address: 127.0.0.1, fence: manual}}\n"
        + "failoverDomains: {d: {nodes: [n1, n2]}}\n"
        + "services:\n  s1:\n    domain: d\n    resources:\n"
        + "      - {type: exec, name: daemon, command: [sleep, \"600\"], termGrace: 1s}\n";
  }

  /** Starts both agents (closed through {@code closers}) and waits until n1 runs s1. */
  static List<Agent> start(ClusterConfig config, String connect, ZkAccess access, Closers closers)
      throws Exception {
    List<Agent> agents = new ArrayList<>();
    for (String n : List.of("n1", "n2")) {
      CuratorFramework client = ZkClients.start(connect, Duration.ofSeconds(6), access);
      Agent a = new Agent(config, n, client, new DefaultAgentServices());
      closers.add(client);
      closers.add(a);
      a.start(Duration.ofSeconds(20));
      agents.add(a);
    }
    await("n1 runs s1")
        .atMost(Duration.ofSeconds(30))
        .until(() -> agents.get(0).controllers().get("s1").state() == ServiceState.RUNNING);
    return agents;
  }
}
