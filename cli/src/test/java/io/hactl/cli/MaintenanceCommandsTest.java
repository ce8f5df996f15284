package io.hactl.cli;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hactl.agent.Agent;
import io.hactl.agent.ServiceState;
import io.hactl.config.ConfigParser;
import io.hactl.zk.Requests;
import io.hactl.zk.ServiceRequest;
import io.hactl.zk.ZkClients;
import io.hactl.zk.ZkLayout;
import io.hactl.zk.auth.ZkAccess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The maintenance verbs and the requests that end, as an operator runs them against two real
 * agents: output, exit status and effect, refusals included.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class MaintenanceCommandsTest {
  @TempDir Path tmp;
  @RegisterExtension final Closers closers = new Closers();

  private Path cfg;
  private List<Agent> agents;

  private HactlRun hactl(String... args) {
    String[] all = java.util.Arrays.copyOf(args, args.length + 2);
    all[args.length] = "-c";
    all[args.length + 1] = cfg.toString();
    return HactlRun.hactl(all);
  }

  private ServiceState state(int agent) {
    return agents.get(agent).controllers().get("s1").state();
  }

  /** The pid of the service's daemon ({@code sleep 600}, a child of this JVM). */
  private static List<Long> daemons() {
    return ProcessHandle.current()
        .descendants()
        .filter(p -> p.info().commandLine().orElse("").contains("sleep 600"))
        .map(ProcessHandle::pid)
        .toList();
  }

  @Test
  void maintenanceVerbsAndRequestsThatEnd() throws Exception {
    TestingServer server = new TestingServer(true);
    closers.add(server);
    cfg = tmp.resolve("cluster.yaml");
    Files.writeString(cfg, TwoAgents.yaml("maint", server.getConnectString()));
    var config = new ConfigParser().parseFile(cfg);
    ZkLayout layout = new ZkLayout(config.cluster().root());
    agents = TwoAgents.start(config, server.getConnectString(), ZkAccess.open(), closers);
    CuratorFramework zk =
        closers.add(
            ZkClients.start(server.getConnectString(), Duration.ofSeconds(6), ZkAccess.open()));
    assertTrue(ZkClients.awaitConnected(zk, Duration.ofSeconds(20)));

    // Standby of the only other node: a relocation has nowhere to go and fails at once.
    HactlRun standby2 = hactl("node", "standby", "n2");
    assertEquals(0, standby2.code(), standby2.err());
    assertTrue(hactl("status").out().matches("(?s).*n2\\s+standby.*"), "status shows standby");
    long t0 = System.nanoTime();
    HactlRun nowhere = hactl("relocate", "s1");
    assertEquals(6, nowhere.code(), nowhere.out() + nowhere.err());
    assertTrue(nowhere.err().contains("no eligible node to move s1 to"), nowhere.err());
    assertTrue(nowhere.err().contains("n2 is in standby"), nowhere.err());
    System.out.printf(
        "relocation with no eligible target refused in %d ms%n",
        (System.nanoTime() - t0) / 1_000_000);
    assertEquals(List.of(), Requests.list(zk, layout, "s1"), "nothing left pending");

    // The agent's side: an impossible request that got past a command is rejected, not queued;
    // an expired one is deleted.
    long now = System.currentTimeMillis();
    String bad =
        Requests.create(
            zk,
            layout,
            "s1",
            new ServiceRequest(
                ServiceRequest.Kind.RELOCATE, "n1", null, null, "t", now, now + 60_000));
    await("n1 rejects the impossible relocation")
        .atMost(Duration.ofSeconds(15))
        .until(
            () ->
                Requests.read(zk, layout, "s1", bad)
                    .flatMap(Requests.Pending::rejection)
                    .filter(r -> r.getKey().equals("n1"))
                    .filter(r -> r.getValue().message().contains("no eligible node"))
                    .isPresent());
    Requests.delete(zk, layout, "s1", bad);
    String old =
        Requests.create(
            zk,
            layout,
            "s1",
            new ServiceRequest(ServiceRequest.Kind.RESTART, "n9", null, null, "t", now, now + 500));
    await("an expired request is deleted by the agents")
        .atMost(Duration.ofSeconds(15))
        .until(() -> Requests.read(zk, layout, "s1", old).isEmpty());

    // Standby of the owner: the service moves away cleanly and stays away.
    assertEquals(0, hactl("node", "online", "n2").code());
    HactlRun standby1 = hactl("node", "standby", "n1");
    assertEquals(0, standby1.code(), standby1.out() + standby1.err());
    assertTrue(standby1.out().contains("s1 runs on n2"), standby1.out());
    assertEquals(ServiceState.OFFLINE, state(0));
    HactlRun toStandby = hactl("relocate", "s1", "--to", "n1");
    assertEquals(6, toStandby.code());
    assertTrue(toStandby.err().contains("n1 cannot take s1: it is in standby"), toStandby.err());
    assertEquals(0, hactl("node", "online", "n1").code());

    // Restart in place: stop and start on the owner, not counted as a failure.
    List<Long> before = daemons();
    HactlRun restart = hactl("restart", "s1");
    assertEquals(0, restart.code(), restart.out() + restart.err());
    assertTrue(restart.out().contains("s1 restarted on n2"), restart.out());
    assertFalse(daemons().isEmpty());
    assertFalse(before.equals(daemons()), "a new daemon: " + before + " " + daemons());
    assertTrue(
        hactl("status").out().matches("(?s).*s1\\s+RUNNING\\s+n2\\s+\\d+\\s+0\\s.*"),
        "no failure counted");

    // Freeze: killing the daemon causes no restart and no failover.
    HactlRun freeze = hactl("freeze", "s1");
    assertEquals(0, freeze.code(), freeze.out() + freeze.err());
    assertTrue(hactl("status").out().matches("(?s).*s1\\s+FROZEN\\s+n2.*"), "status FROZEN");
    daemons().forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
    await("a frozen service is left alone after its daemon died")
        .during(Duration.ofSeconds(3))
        .atMost(Duration.ofSeconds(10))
        .until(() -> state(1) == ServiceState.FROZEN && state(0) == ServiceState.OFFLINE);
    assertEquals(List.of(), daemons(), "not restarted");
    HactlRun frozenMove = hactl("relocate", "s1");
    assertEquals(6, frozenMove.code());
    assertTrue(frozenMove.err().contains("hactl unfreeze s1"), frozenMove.err());
    assertEquals(6, hactl("restart", "s1").code(), "no restart while frozen");
    assertEquals(6, hactl("disable", "s1").code(), "no disable while frozen");

    // Unfreeze: the first check finds the daemon dead and the policy restarts it in place.
    HactlRun unfreeze = hactl("unfreeze", "s1");
    assertEquals(0, unfreeze.code(), unfreeze.out() + unfreeze.err());
    assertTrue(unfreeze.out().contains("s1 runs on n2"), unfreeze.out());
    assertEquals(1, daemons().size());
    assertTrue(
        hactl("status").out().matches("(?s).*s1\\s+RUNNING\\s+n2\\s+\\d+\\s+1\\s.*"),
        "the dead daemon counted once");

    // Clear: the failure count is forgotten.
    HactlRun clear = hactl("clear", "s1");
    assertEquals(0, clear.code(), clear.out() + clear.err());
    assertTrue(clear.out().contains("answered by [n1, n2]"), clear.out());
    HactlRun noNode = hactl("clear", "s1", "--node", "n9");
    assertEquals(6, noNode.code());

    // Disable, then enable on a chosen node; requests never outlive their commands.
    assertEquals(0, hactl("disable", "s1", "--timeout", "30s").code());
    HactlRun on = hactl("enable", "s1", "--on", "n1", "--timeout", "30s");
    assertEquals(0, on.code(), on.out() + on.err());
    assertTrue(on.out().contains("s1 runs on n1"), on.out());
    HactlRun pending = hactl("requests");
    assertEquals(0, pending.code());
    assertTrue(pending.out().contains("no pending requests"), pending.out());
    HactlRun cancel = hactl("requests", "cancel", "s1", "req-0000000099");
    assertEquals(6, cancel.code());
    HactlRun history = hactl("history", "-s", "s1");
    for (String cmd :
        List.of("freeze s1", "unfreeze s1", "restart s1", "clear s1", "enable s1 --on n1")) {
      assertTrue(history.out().contains(cmd), cmd + " in " + history.out());
    }
  }
}
