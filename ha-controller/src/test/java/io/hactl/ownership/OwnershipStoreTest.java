package io.hactl.ownership;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hactl.ownership.OwnershipException.Reason;
import io.hactl.zk.ZkLayout;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.apache.curator.test.TestingServer;
import org.apache.zookeeper.CreateMode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Rule 2 against a real ZooKeeper server: one owner, epochs from writes, stale owners refused. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class OwnershipStoreTest {
  private static final String SVC = "schedd1";
  private final ZkLayout layout = new ZkLayout("/hactl/test");
  private final List<CuratorFramework> clients = new ArrayList<>();
  private TestingServer server;

  @BeforeEach
  void startServer() throws Exception {
    server = new TestingServer(true);
  }

  @AfterEach
  void stop() throws Exception {
    clients.forEach(CuratorFramework::close);
    server.close();
  }

  private CuratorFramework client() throws Exception {
    CuratorFramework c =
        CuratorFrameworkFactory.newClient(
            server.getConnectString(), 4000, 4000, new RetryOneTime(100));
    c.start();
    assertTrue(c.blockUntilConnected(10, TimeUnit.SECONDS));
    clients.add(c);
    return c;
  }

  /** A node: a client with its membership (election) node. */
  private record Node(String name, CuratorFramework client, OwnershipStore store, String member) {}

  private Node join(String name) throws Exception {
    CuratorFramework c = client();
    String member = layout.node(name);
    c.create().creatingParentsIfNeeded().withMode(CreateMode.EPHEMERAL).forPath(member);
    return new Node(name, c, new OwnershipStore(c, layout, "test"), member);
  }

  private static Ownership acquire(Node n) throws OwnershipException {
    return n.store().acquire(SVC, n.name(), n.member());
  }

  @Test
  void aSecondOwnerIsRejectedWhileTheFirstHoldsTheService() throws Exception {
    Node n1 = join("n1");
    Node n2 = join("n2");
    Ownership own = acquire(n1);
    assertTrue(own.epoch() > 0);
    OwnershipException e = assertThrows(OwnershipException.class, () -> acquire(n2));
    assertEquals(Reason.OWNED_ELSEWHERE, e.reason());
    assertEquals("n1", n2.store().readOwner(SVC).orElseThrow().value());
  }

  @Test
  void concurrentContendersProduceExactlyOneOwner() throws Exception {
    int contenders = 8;
    List<Node> nodes = new ArrayList<>();
    for (int i = 0; i < contenders; i++) {
      nodes.add(join("n" + i));
    }
    ExecutorService pool = Executors.newFixedThreadPool(contenders);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<Boolean>> results = new ArrayList<>();
    for (Node n : nodes) {
      results.add(
          pool.submit(
              () -> {
                go.await();
                try {
                  acquire(n);
                  return true;
                } catch (OwnershipException e) {
                  return false;
                }
              }));
    }
    go.countDown();
    int winners = 0;
    for (Future<Boolean> f : results) {
      winners += f.get(20, TimeUnit.SECONDS) ? 1 : 0;
    }
    pool.shutdownNow();
    assertEquals(1, winners, "exactly one contender may own the service");
  }

  @Test
  void epochsOnlyGrowAcrossOwners() throws Exception {
    Node n1 = join("n1");
    Node n2 = join("n2");
    long last = 0;
    for (int round = 0; round < 6; round++) {
      Node n = round % 2 == 0 ? n1 : n2;
      Ownership own = acquire(n);
      assertTrue(own.epoch() > last, "epoch " + own.epoch() + " after " + last);
      last = own.epoch();
      Ownership again = n.store().reprove(own);
      assertTrue(again.epoch() > last, "a re-proof is a new term with a newer epoch");
      last = again.epoch();
      n.store().release(again);
    }
  }

  @Test
  void theEpochIsTheZxidOfTheOwnershipWrite() throws Exception {
    Node n1 = join("n1");
    Ownership own = acquire(n1);
    long czxid = n1.client().checkExists().forPath(layout.owner(SVC)).getCzxid();
    assertEquals(czxid, own.epoch());
  }

  @Test
  void aStaleOwnerCannotReproveOrWriteAfterItsSessionExpired() throws Exception {
    Node n1 = join("n1");
    Node n2 = join("n2");
    Ownership stale = acquire(n1);
    n1.client().getZookeeperClient().getZooKeeper().getTestable().injectSessionExpiration();
    await("n1's owner node to vanish with its session")
        .atMost(Duration.ofSeconds(20))
        .until(() -> n2.store().readOwner(SVC).isEmpty());
    Ownership fresh = acquire(n2);
    assertTrue(fresh.epoch() > stale.epoch());
    assertEquals(
        List.of("n1"), fresh.breadcrumb().unfenced(), "n1 left uncleanly: it must be fenced");

    // n1 comes back with a new session and still believes it owns the service.
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> n1.client().getZookeeperClient().isConnected());
    OwnershipException reprove =
        assertThrows(OwnershipException.class, () -> n1.store().reprove(stale));
    assertEquals(Reason.OWNED_ELSEWHERE, reprove.reason());
    OwnershipException mark =
        assertThrows(
            OwnershipException.class, () -> n1.store().markFenced(stale, java.util.Set.of()));
    assertEquals(Reason.STALE, mark.reason());
    OwnershipException release =
        assertThrows(OwnershipException.class, () -> n1.store().release(stale));
    assertEquals(
        "n2", n2.store().readOwner(SVC).orElseThrow().value(), "n2 still owns: " + release);
  }

  @Test
  void aCleanReleaseLeavesNothingToFence() throws Exception {
    Node n1 = join("n1");
    Node n2 = join("n2");
    n1.store().release(acquire(n1));
    Ownership next = acquire(n2);
    assertEquals(List.of(), next.breadcrumb().unfenced());
  }

  @Test
  void nodesStayToFenceUntilSomeoneRecordsTheFence() throws Exception {
    Node n1 = join("n1");
    Node n2 = join("n2");
    Node n3 = join("n3");
    n1.store().abandon(acquire(n1)); // unclean: breadcrumb still names n1 as owner
    Ownership second = acquire(n2);
    assertEquals(List.of("n1"), second.breadcrumb().unfenced());
    // n2 releases without having fenced n1 (e.g. disabled while BLOCKED): n1 is still owed a fence.
    n2.store().release(second);
    Ownership third = acquire(n3);
    assertEquals(List.of("n1"), third.breadcrumb().unfenced());
    Ownership fenced = n3.store().markFenced(third, java.util.Set.of("n1"));
    assertEquals(List.of(), fenced.breadcrumb().unfenced());
  }

  @Test
  void aNodeWithoutItsElectionNodeCannotAcquire() throws Exception {
    Node n1 = join("n1");
    n1.client().delete().forPath(n1.member());
    OwnershipException e = assertThrows(OwnershipException.class, () -> acquire(n1));
    assertEquals(Reason.NOT_A_MEMBER, e.reason());
    assertTrue(n1.store().readOwner(SVC).isEmpty(), "the failed multi created nothing");
  }
}
