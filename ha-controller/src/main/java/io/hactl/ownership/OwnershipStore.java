package io.hactl.ownership;

import io.hactl.ownership.OwnershipException.Reason;
import io.hactl.zk.Checked;
import io.hactl.zk.CheckedReader;
import io.hactl.zk.Json;
import io.hactl.zk.ZkLayout;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.api.transaction.CuratorOp;
import org.apache.curator.framework.api.transaction.CuratorTransactionResult;
import org.apache.curator.framework.api.transaction.OperationType;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;

/**
 * The ZooKeeper writes that grant, prove and give up ownership of a service (DESIGN rule 2). Each
 * is one atomic {@code multi}: acquiring checks the node's election node, creates the ephemeral
 * owner node and updates the breadcrumb at its expected version; the zxid of that write is the
 * epoch. Calls block on ZooKeeper: never call them from a Curator thread.
 */
public final class OwnershipStore implements Ownerships {
  private final CuratorFramework client;
  private final ZkLayout layout;
  private final String clusterId;
  private final Function<String, Set<String>> suspects;

  /** A store that refuses to take a service whose breadcrumb is unreadable. */
  public OwnershipStore(CuratorFramework client, ZkLayout layout, String clusterId) {
    this(client, layout, clusterId, service -> Set.of());
  }

  /**
   * @param suspects by service, every node that may have run it: when its breadcrumb is unreadable
   *     the previous owner is unknown, and all of them are to fence (DESIGN rule 3)
   */
  public OwnershipStore(
      CuratorFramework client,
      ZkLayout layout,
      String clusterId,
      Function<String, Set<String>> suspects) {
    this.client = client;
    this.layout = layout;
    this.clusterId = clusterId;
    this.suspects = suspects;
  }

  /**
   * Reads the breadcrumb and its version; a service never owned has the initial one, version -1. An
   * unreadable breadcrumb comes back as {@link Checked.Corrupt} naming the znode.
   */
  public Versioned<Checked<Breadcrumb>> readBreadcrumb(String service) throws OwnershipException {
    String path = layout.breadcrumb(service);
    try {
      Stat stat = new Stat();
      byte[] data = client.getData().storingStatIn(stat).forPath(path);
      return new Versioned<>(
          CheckedReader.decode(path, stat.getMzxid(), data, Breadcrumb.class),
          stat.getVersion(),
          stat.getMzxid());
    } catch (KeeperException.NoNodeException e) {
      return new Versioned<>(new Checked.Valid<>(path, 0, Breadcrumb.initial(clusterId)), -1, 0);
    } catch (Exception e) {
      throw failure(e, "read breadcrumb of " + service);
    }
  }

  /**
   * What a corrupt breadcrumb stands for: the previous owner is unknown, so every suspect is to
   * fence; the acquire overwrites the junk at its version. Refused when there are no suspects.
   */
  private Breadcrumb unknownPrevious(String service, Checked<Breadcrumb> corrupt)
      throws OwnershipException {
    Set<String> toFence = suspects.apply(service);
    if (toFence.isEmpty()) {
      throw new OwnershipException(
          Reason.STALE,
          corrupt + "; previous owner unknown and no node to fence is known; repair it",
          null);
    }
    return new Breadcrumb(null, false, List.copyOf(new TreeSet<>(toFence)), clusterId);
  }

  /** The message of an ownership taken over an unreadable breadcrumb. */
  private static String unknownMessage(Checked<Breadcrumb> corrupt, Breadcrumb assumed) {
    return corrupt
        + ": previous owner unknown, so "
        + assumed.unfenced()
        + " must be fenced (or confirmed off with `hactl fence ack NODE`) before the service"
        + " starts";
  }

  /** The current owner's node name and epoch (czxid of the owner node), if any. */
  public Optional<Versioned<String>> readOwner(String service) throws OwnershipException {
    try {
      Stat stat = new Stat();
      byte[] data = client.getData().storingStatIn(stat).forPath(layout.owner(service));
      return Optional.of(
          new Versioned<>(
              new String(data, StandardCharsets.UTF_8), stat.getVersion(), stat.getCzxid()));
    } catch (KeeperException.NoNodeException e) {
      return Optional.empty();
    } catch (Exception e) {
      throw failure(e, "read owner of " + service);
    }
  }

  /**
   * Takes ownership in one {@code multi}: (a) check that {@code memberPath} exists, (b) create the
   * ephemeral owner node, (c) write the breadcrumb at the version read just before. Succeeds for
   * exactly one contender; the returned epoch is the zxid of the write.
   */
  @Override
  public Ownership acquire(String service, String node, String memberPath)
      throws OwnershipException {
    ensureServiceNode(service);
    Versioned<Checked<Breadcrumb>> read = readBreadcrumb(service);
    Breadcrumb found;
    String unknown = null;
    if (read.value() instanceof Checked.Valid<Breadcrumb> valid) {
      found = valid.document();
    } else {
      found = unknownPrevious(service, read.value());
      unknown = unknownMessage(read.value(), found);
    }
    Versioned<Breadcrumb> current = new Versioned<>(found, read.version(), read.zxid());
    Breadcrumb next = current.value().takenBy(node);
    if (!clusterId.equals(current.value().clusterId())) {
      throw new OwnershipException(
          Reason.STALE,
          "breadcrumb of " + service + " belongs to cluster " + current.value().clusterId(),
          null);
    }
    CuratorOp breadcrumbOp;
    try {
      breadcrumbOp =
          current.version() < 0
              ? client
                  .transactionOp()
                  .create()
                  .forPath(layout.breadcrumb(service), Json.write(next))
              : client
                  .transactionOp()
                  .setData()
                  .withVersion(current.version())
                  .forPath(layout.breadcrumb(service), Json.write(next));
      List<CuratorTransactionResult> results =
          client
              .transaction()
              .forOperations(
                  client.transactionOp().check().forPath(memberPath),
                  client
                      .transactionOp()
                      .create()
                      .withMode(CreateMode.EPHEMERAL)
                      .forPath(layout.owner(service), node.getBytes(StandardCharsets.UTF_8)),
                  breadcrumbOp);
      long epoch = ownerCzxid(results, service);
      int version = current.version() < 0 ? 0 : current.version() + 1;
      return new Ownership(service, node, epoch, next, version, unknown);
    } catch (Exception e) {
      throw failure(e, "acquire " + service);
    }
  }

  private long ownerCzxid(List<CuratorTransactionResult> results, String service) throws Exception {
    // The create result carries no Stat; every op of a multi shares one zxid, so read it from
    // the owner node we just created (it is ours until our session ends).
    for (CuratorTransactionResult r : results) {
      if (r.getType() == OperationType.SET_DATA && r.getResultStat() != null) {
        return r.getResultStat().getMzxid();
      }
    }
    Stat stat = client.checkExists().forPath(layout.owner(service));
    if (stat == null) {
      throw new KeeperException.NoNodeException(layout.owner(service));
    }
    return stat.getCzxid();
  }

  /**
   * Re-proves ownership after a reconnection (DESIGN rule 4): one {@code multi} that checks the
   * owner node still exists and rewrites the breadcrumb at the version this owner last wrote. The
   * zxid of that write is the new epoch of the owner's next term.
   */
  @Override
  public Ownership reprove(Ownership own) throws OwnershipException {
    try {
      Stat owner = client.checkExists().forPath(layout.owner(own.service()));
      long session = client.getZookeeperClient().getZooKeeper().getSessionId();
      if (owner == null || owner.getEphemeralOwner() != session) {
        throw new OwnershipException(
            Reason.OWNED_ELSEWHERE, "owner node of " + own.service() + " is no longer ours", null);
      }
      List<CuratorTransactionResult> results =
          client
              .transaction()
              .forOperations(
                  client
                      .transactionOp()
                      .check()
                      .withVersion(owner.getVersion())
                      .forPath(layout.owner(own.service())),
                  client
                      .transactionOp()
                      .setData()
                      .withVersion(own.breadcrumbVersion())
                      .forPath(layout.breadcrumb(own.service()), Json.write(own.breadcrumb())));
      long epoch = results.get(1).getResultStat().getMzxid();
      return own.withEpoch(epoch, own.breadcrumbVersion() + 1);
    } catch (OwnershipException e) {
      throw e;
    } catch (Exception e) {
      throw failure(e, "re-prove ownership of " + own.service());
    }
  }

  /** Records that {@code fenced} nodes were fenced, at the owner's breadcrumb version. */
  @Override
  public Ownership markFenced(Ownership own, Set<String> fenced) throws OwnershipException {
    Breadcrumb next = own.breadcrumb().withFenced(fenced);
    return writeBreadcrumb(own, next);
  }

  private Ownership writeBreadcrumb(Ownership own, Breadcrumb next) throws OwnershipException {
    try {
      Stat stat =
          client
              .setData()
              .withVersion(own.breadcrumbVersion())
              .forPath(layout.breadcrumb(own.service()), Json.write(next));
      return own.withBreadcrumb(next, stat.getVersion());
    } catch (Exception e) {
      throw failure(e, "update breadcrumb of " + own.service());
    }
  }

  /**
   * Clean release: in one {@code multi}, mark the breadcrumb released and delete the owner node.
   * Call only after every resource is stopped. The next owner then needs no fencing.
   */
  @Override
  public void release(Ownership own) throws OwnershipException {
    try {
      client
          .transaction()
          .forOperations(
              client
                  .transactionOp()
                  .setData()
                  .withVersion(own.breadcrumbVersion())
                  .forPath(
                      layout.breadcrumb(own.service()), Json.write(own.breadcrumb().released())),
              client.transactionOp().delete().forPath(layout.owner(own.service())));
    } catch (Exception e) {
      throw failure(e, "release " + own.service());
    }
  }

  /**
   * Unclean release: delete the owner node but leave the breadcrumb saying this node did not let go
   * cleanly, so the next owner fences it first. Used when a stop failed.
   */
  @Override
  public void abandon(Ownership own) throws OwnershipException {
    try {
      Stat owner = client.checkExists().forPath(layout.owner(own.service()));
      long session = client.getZookeeperClient().getZooKeeper().getSessionId();
      if (owner != null && owner.getEphemeralOwner() == session) {
        client.delete().withVersion(owner.getVersion()).forPath(layout.owner(own.service()));
      }
    } catch (Exception e) {
      throw failure(e, "abandon " + own.service());
    }
  }

  private void ensureServiceNode(String service) throws OwnershipException {
    try {
      if (client.checkExists().forPath(layout.service(service)) == null) {
        client.create().creatingParentsIfNeeded().forPath(layout.service(service));
      }
    } catch (KeeperException.NodeExistsException e) {
      // fine
    } catch (Exception e) {
      throw failure(e, "create " + layout.service(service));
    }
  }

  private static OwnershipException failure(Exception e, String what) {
    if (e instanceof InterruptedException) {
      Thread.currentThread().interrupt();
    }
    Reason reason = Reason.CONNECTION;
    if (e instanceof KeeperException ke) {
      reason = classify(ke);
    }
    return new OwnershipException(reason, what + ": " + e.getMessage(), e);
  }

  private static Reason classify(KeeperException ke) {
    List<org.apache.zookeeper.OpResult> results = ke.getResults();
    KeeperException.Code code = ke.code();
    if (results != null) {
      for (org.apache.zookeeper.OpResult r : results) {
        if (r instanceof org.apache.zookeeper.OpResult.ErrorResult err
            && err.getErr() != KeeperException.Code.OK.intValue()
            && err.getErr() != KeeperException.Code.RUNTIMEINCONSISTENCY.intValue()) {
          code = KeeperException.Code.get(err.getErr());
          break;
        }
      }
    }
    return switch (code) {
      case NODEEXISTS -> Reason.OWNED_ELSEWHERE;
      case BADVERSION -> Reason.STALE;
      case NONODE -> Reason.NOT_A_MEMBER;
      default -> Reason.CONNECTION;
    };
  }

  /** A value read from ZooKeeper with its version and zxid. */
  public record Versioned<T>(T value, int version, long zxid) {}
}
