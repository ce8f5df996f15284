package io.hactl.cli;

import io.hactl.config.ClusterConfig;
import io.hactl.zk.Checked;
import io.hactl.zk.CheckedReader;
import io.hactl.zk.MemberInfo;
import io.hactl.zk.ZkLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.curator.framework.CuratorFramework;

/**
 * The hostile-data checks of the znodes that name a node: membership nodes ({@code nodes/NODE}),
 * fence acknowledgements ({@code fence-acks/NODE}) and each service's owner node. A name that is no
 * node of the configuration, or a document that does not decode, is reported as {@code PATH: what
 * is wrong} with the repair, never with the (hostile) content. Agents ignore what these report:
 * they take membership from the node's name and session, an acknowledgement from its ACL and
 * creation, and ownership from the owner node's creation; this is what {@code hactl status} shows.
 */
final class NodeNamedZnodes {
  /** At most this many children of one parent are checked (and reported). */
  static final int MAX_CHILDREN = 1000;

  /** What {@code hactl fence ack} writes into an acknowledgement. */
  public record AckNote(String by, String osUser) {}

  private NodeNamedZnodes() {}

  /** Problems of the membership and acknowledgement nodes of the cluster. */
  static List<String> check(CuratorFramework client, ZkLayout layout, ClusterConfig config)
      throws Exception {
    List<String> out = new ArrayList<>();
    children(client, layout.nodes(), MemberInfo.class, m -> null, config, out);
    children(
        client,
        layout.fenceAcks(),
        AckNote.class,
        a -> a.by() == null ? "no 'by' (who acknowledged)" : null,
        config,
        out);
    return out;
  }

  /** Checks each child of {@code parent}: named after a configured node, a valid {@code type}. */
  private static <T> void children(
      CuratorFramework client,
      String parent,
      Class<T> type,
      Function<T, String> check,
      ClusterConfig config,
      List<String> out)
      throws Exception {
    List<String> names = ClusterSnapshot.children(client, parent);
    for (String n : names.subList(0, Math.min(names.size(), MAX_CHILDREN))) {
      String path = parent + "/" + n;
      if (!config.nodes().containsKey(n)) {
        out.add(
            "corrupt: "
                + path
                + ": names no node of the configuration; delete it (ZooKeeper's deleteall)");
      } else if (CheckedReader.read(client, path, type, check).orElse(null)
          instanceof Checked.Corrupt<T> c) {
        out.add(c.toString());
      }
    }
  }

  /** The problem of a service's owner node whose content names no node of the configuration. */
  static List<String> owner(ZkLayout layout, String service, String owner, ClusterConfig config) {
    if (config.nodes().containsKey(owner)) {
      return List.of();
    }
    return List.of(
        "corrupt: "
            + layout.owner(service)
            + ": names no node of the configuration ("
            + owner.length()
            + " characters); only an agent writes it: check the ZooKeeper ACLs");
  }
}
