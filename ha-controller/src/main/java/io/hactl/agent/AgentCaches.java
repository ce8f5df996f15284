package io.hactl.agent;

import io.hactl.zk.Checked;
import io.hactl.zk.ZkLayout;
import java.time.Clock;
import java.util.List;
import java.util.function.Consumer;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.cache.CuratorCache;

/**
 * The agent's local copies of what placement reads: members, services (owners, admin state,
 * requests, bans), standby marks and the configuration. The history is deliberately not cached.
 * Started once, closed once.
 */
final class AgentCaches implements AutoCloseable {
  private final CuratorCache members;
  private final CuratorCache services;
  private final CuratorCache config;
  private final CuratorCache standby;
  private final List<CuratorCache> all;

  AgentCaches(CuratorFramework client, ZkLayout layout) {
    members = CuratorCache.build(client, layout.nodes());
    services = CuratorCache.build(client, layout.services());
    config = CuratorCache.build(client, layout.config());
    standby = CuratorCache.build(client, layout.standby());
    all = List.of(members, services, config, standby);
  }

  /** Views over the member and service caches; they only read the caches, never ZooKeeper. */
  ClusterViews views(ZkLayout layout, Clock clock, Consumer<Checked.Corrupt<?>> onCorrupt) {
    return new ClusterViews(members, services, standby, layout, clock, onCorrupt);
  }

  CuratorCache config() {
    return config;
  }

  /** Calls {@code onChange} (on a Curator thread: it must not block) on any change. */
  void start(Runnable onChange) {
    all.forEach(c -> c.listenable().addListener((type, before, after) -> onChange.run()));
    all.forEach(CuratorCache::start);
  }

  @Override
  public void close() {
    all.forEach(CuratorCache::close);
  }
}
