package io.hactl.zk;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.KeeperException;

/**
 * Reads which agents run now and what session timeout ZooKeeper granted each ({@link MemberInfo} in
 * their ephemeral membership nodes). Bounded: at most {@link #MAX_AGENTS} nodes are read.
 */
public final class RunningAgents {
  /** More members than any sane cluster has; the rest are not read. */
  public static final int MAX_AGENTS = 1000;

  private RunningAgents() {}

  /** Node name to what it published, sorted by name; a node gone meanwhile is left out. */
  public static Map<String, MemberInfo> read(CuratorFramework client, ZkLayout layout)
      throws Exception {
    List<String> names;
    try {
      names = client.getChildren().forPath(layout.nodes());
    } catch (KeeperException.NoNodeException e) {
      return Map.of();
    }
    Map<String, MemberInfo> out = new TreeMap<>();
    for (String n : names.subList(0, Math.min(names.size(), MAX_AGENTS))) {
      try {
        out.put(n, MemberInfo.parse(client.getData().forPath(layout.node(n))));
      } catch (KeeperException.NoNodeException e) {
        // left meanwhile
      }
    }
    return out;
  }
}
