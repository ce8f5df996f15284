package io.hactl.itests.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hactl.itests.Needs;
import io.hactl.itests.support.Environment;
import io.hactl.itests.support.RunContext;
import io.hactl.itests.zk.FourLetterWord;
import io.hactl.itests.zk.SessionInfo;
import io.hactl.itests.zk.ZkServer;
import io.hactl.itests.zk.ZooKeeperEnsemble;
import io.hactl.testkit.net.NamespaceNetwork;
import io.hactl.testkit.support.Shell;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooKeeper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The network namespaces and the ZooKeeper ensemble, without any agent. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class InfrastructureIT {
  private static RunContext run;
  private static NamespaceNetwork net;
  private static ZooKeeperEnsemble zk;
  private static final Shell SHELL = new Shell(Duration.ofSeconds(10));

  @BeforeAll
  static void up() {
    Needs.namespaces();
    run = RunContext.create(RunContext.defaultBaseDir());
    net =
        run.closeLater(
            "network", new NamespaceNetwork(run.id(), List.of("n1", "n2", "n3"), run.janitor()));
    List<ZkServer> servers = new ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      servers.add(new ZkServer(i, net.zkAddress(i), 2181, 2888, 3888));
    }
    zk =
        run.closeLater(
            "zookeeper",
            new ZooKeeperEnsemble(
                servers,
                run.dir().resolve("zk"),
                Environment.zookeeperClasspath(),
                Duration.ofMillis(500),
                run.id(),
                run.janitor()));
    zk.start(Duration.ofSeconds(60));
    System.err.println("ZooKeeper ensemble startup: " + zk.startupTime().toMillis() + " ms");
  }

  @AfterAll
  static void down() {
    if (run != null) {
      run.close();
    }
  }

  @Test
  void everyNodeReachesEveryServer() {
    for (String node : List.of("n1", "n2", "n3")) {
      for (int i = 1; i <= 3; i++) {
        assertTrue(connects(node, net.zkAddress(i)), node + " reaches ZooKeeper server " + i);
      }
    }
  }

  @Test
  void sessionTimeoutsAreNegotiatedWithinTwoToTwentyTicks() throws Exception {
    // tickTime is 500 ms: 3 s is allowed as asked, 60 s is clamped to 20 ticks = 10 s.
    assertEquals(Duration.ofSeconds(3), negotiate(Duration.ofSeconds(3)));
    assertEquals(Duration.ofSeconds(10), negotiate(Duration.ofSeconds(60)));
    assertEquals(Duration.ofSeconds(1), negotiate(Duration.ofMillis(200)));
  }

  private Duration negotiate(Duration asked) throws Exception {
    CountDownLatch connected = new CountDownLatch(1);
    ZooKeeper client =
        new ZooKeeper(
            zk.connectString(),
            (int) asked.toMillis(),
            e -> {
              if (e.getState() == Watcher.Event.KeeperState.SyncConnected) {
                connected.countDown();
              }
            });
    try {
      assertTrue(connected.await(20, TimeUnit.SECONDS), "connected");
      String sid = "0x" + Long.toHexString(client.getSessionId());
      Duration seen =
          zk.sessions().stream()
              .filter(s -> s.sessionId().equals(sid))
              .map(SessionInfo::negotiated)
              .findFirst()
              .orElseThrow(() -> new AssertionError("cons does not list session " + sid));
      assertEquals(Duration.ofMillis(client.getSessionTimeout()), seen, "cons agrees with client");
      return seen;
    } finally {
      client.close();
    }
  }

  @Test
  void partitionCutsOneNodeOffAndHealRestoresIt() {
    List<String> zkAddrs = List.of(net.zkAddress(1), net.zkAddress(2), net.zkAddress(3));
    net.partition("n2", zkAddrs);
    try {
      assertFalse(connects("n2", net.zkAddress(1)), "partitioned n2 must not reach ZooKeeper");
      assertTrue(connects("n1", net.zkAddress(1)), "n1 is not partitioned");
    } finally {
      net.heal("n2");
    }
    assertTrue(connects("n2", net.zkAddress(1)), "healed n2 reaches ZooKeeper again");
  }

  private boolean connects(String node, String addr) {
    List<String> cmd = new ArrayList<>(net.enterNetwork(node));
    cmd.addAll(List.of("timeout", "2", "bash", "-c", "exec 3<>/dev/tcp/" + addr + "/2181"));
    return SHELL.tryRun(cmd).succeeded();
  }

  @Test
  void killingTheLeaderElectsAnotherAndItRejoinsOnRestart() {
    OptionalInt leader = zk.leader();
    assertTrue(leader.isPresent(), "a leader answers srvr");
    zk.kill(leader.getAsInt());
    zk.awaitQuorum(Duration.ofSeconds(30));
    OptionalInt next = zk.leader();
    assertTrue(next.isPresent() && next.getAsInt() != leader.getAsInt(), "a new leader: " + next);
    zk.restart(leader.getAsInt());
    zk.awaitQuorum(Duration.ofSeconds(30));
    String srvr =
        FourLetterWord.ask(net.zkAddress(leader.getAsInt()), 2181, "srvr", Duration.ofSeconds(1))
            .orElseThrow();
    assertEquals("follower", FourLetterWord.mode(srvr).orElseThrow());
  }
}
