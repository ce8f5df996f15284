package io.hactl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hactl.agent.Agent;
import io.hactl.agent.ServiceState;
import io.hactl.config.ConfigParser;
import io.hactl.ownership.Breadcrumb;
import io.hactl.zk.AdminState;
import io.hactl.zk.Json;
import io.hactl.zk.ZkClients;
import io.hactl.zk.ZkLayout;
import io.hactl.zk.auth.CredentialsDirectory;
import io.hactl.zk.auth.RequestAuthors;
import io.hactl.zk.auth.ZkAccess;
import io.hactl.zk.auth.ZkRole;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.test.TestingServer;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Op;
import org.apache.zookeeper.data.Stat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A cluster with ZooKeeper authentication against a real server: anonymous clients can do nothing
 * to hactl's znodes, a reader can run status and history and nothing else, and the two-owner {@code
 * multi} of issue 8 is refused to both.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class AuthenticatedClusterTest {
  @TempDir Path tmp;
  @RegisterExtension final Closers closers = new Closers();

  @Test
  void anonymousAndReaderCannotTakeOverTheCluster() throws Exception {
    TestingServer server = new TestingServer(true);
    closers.add(server);
    Path cfg = tmp.resolve("cluster.yaml");
    Files.writeString(cfg, TwoAgents.yaml("auth", server.getConnectString()));
    Path creds = Credentials.besideConfig(cfg);
    assertTrue(CredentialsDirectory.ensure(creds));
    var config = new ConfigParser().parseFile(cfg);
    ZkLayout layout = new ZkLayout(config.cluster().root());

    HactlRun applied = HactlRun.hactl("config", "apply", "--yes", cfg.toString());
    assertEquals(0, applied.code(), applied.err());
    ZkAccess agentAccess =
        ZkAccess.fromDirectory(creds, List.of(ZkRole.AGENT), layout.root(), Map.of());
    List<Agent> agents = TwoAgents.start(config, server.getConnectString(), agentAccess, closers);
    CuratorFramework agent = connect(server, agentAccess);
    HactlRun relocate = HactlRun.hactl("relocate", "s1", "--to", "n2", "-c", cfg.toString());
    assertEquals(0, relocate.code(), relocate.err());
    HactlRun back = HactlRun.hactl("relocate", "s1", "--to", "n1", "-c", cfg.toString());
    assertEquals(0, back.code(), back.err());
    HactlRun freeze = HactlRun.hactl("freeze", "s1", "-c", cfg.toString());
    assertEquals(0, freeze.code(), freeze.out() + freeze.err());
    assertEquals(
        List.of(ZkRole.ADMIN.defaultUser()),
        RequestAuthors.creators(agent, layout.admin("s1")),
        "the admin node records who created it");
    HactlRun unfreeze = HactlRun.hactl("unfreeze", "s1", "-c", cfg.toString());
    assertEquals(0, unfreeze.code(), unfreeze.out() + unfreeze.err());
    HactlRun clear = HactlRun.hactl("clear", "s1", "--no-wait", "-c", cfg.toString());
    assertEquals(0, clear.code(), clear.err());
    var pending = io.hactl.zk.Requests.list(agent, layout, "s1");
    assertEquals(1, pending.size(), pending.toString());
    assertEquals(
        List.of(ZkRole.ADMIN.defaultUser()),
        RequestAuthors.creators(agent, layout.request("s1", pending.get(0).id())),
        "a request records who created it");
    HactlRun listed = HactlRun.hactl("requests", "-c", cfg.toString());
    assertTrue(listed.out().contains("created by " + ZkRole.ADMIN.defaultUser()), listed.out());
    HactlRun cancel = HactlRun.hactl("requests", "cancel", "s1", "--all", "-c", cfg.toString());
    assertEquals(0, cancel.code(), cancel.err());
    assertEquals(List.of(), io.hactl.zk.Requests.list(agent, layout, "s1"));
    List<String> tree = tree(agent, layout.root());
    assertTrue(tree.contains(layout.owner("s1")), tree.toString());

    CuratorFramework anonymous = connect(server, ZkAccess.open());
    for (String path : tree) {
      assertRefused(() -> anonymous.getData().forPath(path), "read " + path);
      assertRefused(() -> anonymous.setData().forPath(path, new byte[] {'x'}), "write " + path);
      assertRefused(() -> anonymous.delete().forPath(path), "delete " + path);
      assertRefused(() -> anonymous.create().forPath(path + "/x"), "create under " + path);
    }
    assertRefused(() -> anonymous.create().forPath("/hactl/other"), "create beside the cluster");

    Path readerDir = Files.createDirectories(tmp.resolve("reader-only"));
    Files.copy(creds.resolve("reader"), readerDir.resolve("reader"));
    Files.copy(creds.resolve("identities"), readerDir.resolve("identities"));
    Path changed = tmp.resolve("changed.yaml");
    Files.writeString(changed, Files.readString(cfg) + "# changed\n");
    String[] asReader = {"-c", cfg.toString(), "--credentials", readerDir.toString()};
    HactlRun status = HactlRun.hactl(concat(new String[] {"status"}, asReader));
    assertEquals(0, status.code(), status.err());
    assertTrue(status.out().matches("(?s).*s1\\s+RUNNING\\s+n1.*"), status.out());
    HactlRun history = HactlRun.hactl(concat(new String[] {"history"}, asReader));
    assertEquals(0, history.code(), history.err());
    assertTrue(history.out().contains("relocate s1"), history.out());
    assertTrue(history.out().contains("cli:hactl-admin"), "who did it: " + history.out());
    for (String[] cmd :
        List.of(
            new String[] {"relocate", "s1", "--to", "n2", "--timeout", "5s"},
            new String[] {"disable", "s1", "--timeout", "5s"},
            new String[] {"enable", "s1", "--timeout", "5s"},
            new String[] {"config", "apply", "--yes", changed.toString()})) {
      HactlRun r = HactlRun.hactl(concat(cmd, asReader));
      assertNotEquals(0, r.code(), String.join(" ", cmd) + ": " + r.out());
      assertTrue(r.err().contains("not authorized"), String.join(" ", cmd) + ": " + r.err());
    }

    CuratorFramework reader =
        connect(
            server,
            ZkAccess.fromDirectory(readerDir, List.of(ZkRole.READER), layout.root(), Map.of()));
    Stat ownerBefore = agent.checkExists().forPath(layout.owner("s1"));
    assertRefused(
        () -> reader.create().creatingParentsIfNeeded().forPath(layout.fenceAck("n2")),
        "a fence ack by a reader");
    for (CuratorFramework attacker : List.of(anonymous, reader)) {
      assertRefused(() -> twoOwnerMulti(attacker, layout), "the two-owner multi");
    }
    Stat ownerAfter = agent.checkExists().forPath(layout.owner("s1"));
    assertEquals(ownerBefore.getCzxid(), ownerAfter.getCzxid(), "the owner node is untouched");
    assertEquals(ServiceState.RUNNING, agents.get(0).controllers().get("s1").state());
  }

  /** Breadcrumb rewritten as a clean release by the owner, a freeze, the owner node deleted. */
  private static Object twoOwnerMulti(CuratorFramework c, ZkLayout layout) throws Exception {
    byte[] clean = Json.write(Breadcrumb.initial("forged"));
    byte[] relocate = Json.write(AdminState.NONE.withFrozen(true));
    return c.getZookeeperClient()
        .getZooKeeper()
        .multi(
            List.of(
                Op.setData(layout.breadcrumb("s1"), clean, -1),
                Op.setData(layout.admin("s1"), relocate, -1),
                Op.delete(layout.owner("s1"), -1)));
  }

  private interface Action {
    Object run() throws Exception;
  }

  private static void assertRefused(Action a, String what) {
    Exception e = assertThrows(Exception.class, a::run, what + " must be refused");
    assertTrue(e instanceof KeeperException.NoAuthException, what + ": " + e);
  }

  private CuratorFramework connect(TestingServer server, ZkAccess access) throws Exception {
    CuratorFramework c = ZkClients.start(server.getConnectString(), Duration.ofSeconds(6), access);
    closers.add(c);
    assertTrue(ZkClients.awaitConnected(c, Duration.ofSeconds(20)));
    return c;
  }

  private static List<String> tree(CuratorFramework c, String path) throws Exception {
    List<String> out = new ArrayList<>(List.of(path));
    for (String child : c.getChildren().forPath(path)) {
      out.addAll(tree(c, path + "/" + child));
    }
    return out;
  }

  private static String[] concat(String[] a, String[] b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
