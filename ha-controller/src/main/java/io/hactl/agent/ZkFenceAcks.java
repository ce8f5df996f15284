package io.hactl.agent;

import io.hactl.zk.ZkLayout;
import io.hactl.zk.auth.RequestAuthors;
import io.hactl.zk.auth.ZkIdentities;
import io.hactl.zk.auth.ZkRole;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.data.Stat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Operators' acknowledgements as stored in ZooKeeper ({@code ROOT/fence-acks/NODE}). When the
 * cluster runs authenticated, an acknowledgement counts only if ZooKeeper says an administrator
 * created it (DESIGN rule 8): one written by another identity, or before authentication was on, is
 * ignored and reported once (log and history) per acknowledgement node.
 */
final class ZkFenceAcks implements FenceAcks {
  private static final Logger LOG = LoggerFactory.getLogger(ZkFenceAcks.class);

  private final CuratorFramework client;
  private final ZkLayout layout;
  private final ZkIdentities ids;
  private final String node;
  private final Consumer<String> record;
  private final Map<String, Long> reported = new ConcurrentHashMap<>();

  /**
   * @param ids the cluster's identities, or null when the cluster runs without authentication
   * @param record appends a message to the history (asynchronous)
   */
  ZkFenceAcks(
      CuratorFramework client,
      ZkLayout layout,
      ZkIdentities ids,
      String node,
      Consumer<String> record) {
    this.client = client;
    this.layout = layout;
    this.ids = ids;
    this.node = node;
    this.record = record;
  }

  @Override
  public boolean acknowledged(String victim, long sinceZxid) {
    return acknowledger(victim, sinceZxid).isPresent();
  }

  @Override
  public Optional<String> acknowledger(String victim, long sinceZxid) {
    String path = layout.fenceAck(victim);
    Stat stat = new Stat();
    List<ACL> acl;
    try {
      acl = client.getACL().storingStatIn(stat).forPath(path);
    } catch (KeeperException.NoNodeException e) {
      return Optional.empty();
    } catch (Exception e) {
      LOG.warn("agent {}: cannot read fence acknowledgement {}: {}", node, path, e.toString());
      return Optional.empty();
    }
    if (stat.getCzxid() <= sinceZxid) {
      return Optional.empty();
    }
    if (ids == null) {
      return Optional.of("an operator (the cluster runs without authentication)");
    }
    Optional<String> admin =
        RequestAuthors.trustedCreator(acl, ids)
            .filter(user -> ids.roleOf(user).equals(Optional.of(ZkRole.ADMIN)));
    if (admin.isPresent()) {
      return Optional.of("administrator " + admin.get());
    }
    Long before = reported.put(path, stat.getCzxid());
    if (before == null || before != stat.getCzxid()) {
      String why =
          "ignoring fence acknowledgement "
              + path
              + ": not created by an administrator ("
              + RequestAuthors.creators(acl)
              + "); delete it and run `hactl fence ack "
              + victim
              + "` with administrator credentials";
      LOG.error("agent {}: {}", node, why);
      record.accept(why);
    }
    return Optional.empty();
  }
}
