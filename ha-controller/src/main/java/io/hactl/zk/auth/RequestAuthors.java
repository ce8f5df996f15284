package io.hactl.zk.auth;

import java.util.List;
import java.util.Optional;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.data.ACL;

/**
 * Who created a request znode or history event, learned from its ACL: ZooKeeper stored the
 * creator's digest id in the entry that {@link ClusterAcls} marks with {@link
 * ClusterAcls#CREATOR_PERMS}. Only a client that authenticated can create such a node, so the
 * answer is the server's word, not the writer's claim.
 */
public final class RequestAuthors {
  private RequestAuthors() {}

  /** The digest user names that created the node at {@code path} (empty without ACLs). */
  public static List<String> creators(CuratorFramework client, String path) throws Exception {
    return creators(client.getACL().forPath(path));
  }

  /** The digest user names of the creator entries of {@code acl}. */
  public static List<String> creators(List<ACL> acl) {
    return acl.stream()
        .filter(a -> a.getPerms() == ClusterAcls.CREATOR_PERMS)
        .filter(a -> "digest".equals(a.getId().getScheme()))
        .map(a -> a.getId().getId())
        .map(id -> id.substring(0, Math.max(0, id.indexOf(':'))))
        .toList();
  }

  /**
   * The administrator or agent user that created the node, or empty when it was not created by one
   * of them (a forged or pre-authentication request: ignore it and record that).
   */
  public static Optional<String> trustedCreator(List<ACL> acl, ZkIdentities ids) {
    return acl.stream()
        .filter(a -> a.getPerms() == ClusterAcls.CREATOR_PERMS)
        .filter(a -> "digest".equals(a.getId().getScheme()))
        .map(a -> a.getId().getId())
        .filter(id -> id.equals(ids.id(ZkRole.ADMIN)) || id.equals(ids.id(ZkRole.AGENT)))
        .map(id -> id.substring(0, id.indexOf(':')))
        .findFirst();
  }
}
