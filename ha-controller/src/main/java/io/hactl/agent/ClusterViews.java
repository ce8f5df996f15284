package io.hactl.agent;

import io.hactl.placement.ClusterView;
import io.hactl.zk.AdminState;
import io.hactl.zk.Ban;
import io.hactl.zk.Json;
import io.hactl.zk.ZkLayout;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.apache.curator.framework.recipes.cache.ChildData;
import org.apache.curator.framework.recipes.cache.CuratorCache;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds {@link ClusterView}s from the agent's local caches of the members and services. Reads only
 * the cache: never blocks on ZooKeeper.
 */
final class ClusterViews {
  private static final Logger LOG = LoggerFactory.getLogger(ClusterViews.class);

  private final CuratorCache members;
  private final CuratorCache services;
  private final ZkLayout layout;
  private final Clock clock;

  ClusterViews(CuratorCache members, CuratorCache services, ZkLayout layout, Clock clock) {
    this.members = members;
    this.services = services;
    this.layout = layout;
    this.clock = clock;
  }

  /** Live nodes with the czxid of their membership node. */
  Map<String, Long> liveNodes() {
    Map<String, Long> out = new HashMap<>();
    String prefix = layout.nodes() + "/";
    members.stream()
        .filter(
            d -> d.getPath().startsWith(prefix) && d.getPath().indexOf('/', prefix.length()) < 0)
        .forEach(d -> out.put(d.getPath().substring(prefix.length()), d.getStat().getCzxid()));
    return out;
  }

  ClusterView view(String service, boolean configEnabled, Map<String, Long> live) {
    Optional<ClusterView.Owner> owner =
        services
            .get(layout.owner(service))
            .map(
                d ->
                    new ClusterView.Owner(
                        new String(d.getData(), StandardCharsets.UTF_8), d.getStat().getCzxid()));
    AdminState admin = admin(service);
    boolean enabled = admin.enabled() != null ? admin.enabled() : configEnabled;
    Optional<ClusterView.Relocation> relocation =
        Optional.ofNullable(admin.relocation())
            .map(
                r ->
                    new ClusterView.Relocation(
                        r.id(), r.from() == null ? "" : r.from(), Optional.ofNullable(r.to())));
    return new ClusterView(live, owner, enabled, relocation, bannedNodes(service));
  }

  private AdminState admin(String service) {
    Optional<ChildData> d = services.get(layout.admin(service));
    if (d.isEmpty() || d.get().getData() == null || d.get().getData().length == 0) {
      return AdminState.NONE;
    }
    try {
      return Json.read(d.get().getData(), AdminState.class);
    } catch (RuntimeException e) {
      LOG.warn("ignoring unreadable admin state of {}: {}", service, e.getMessage());
      return AdminState.NONE;
    }
  }

  private Set<String> bannedNodes(String service) {
    Set<String> out = new HashSet<>();
    long now = clock.millis();
    forEachBan(
        service,
        (n, b) -> {
          if (b.untilMillis() > now) {
            out.add(n);
          }
        });
    return out;
  }

  /** The earliest future expiry of any ban, so the agent can re-run placement then. */
  OptionalLong nextBanExpiry(Iterable<String> services) {
    long now = clock.millis();
    long[] best = {Long.MAX_VALUE};
    for (String s : services) {
      forEachBan(
          s,
          (n, b) -> {
            if (b.untilMillis() > now) {
              best[0] = Math.min(best[0], b.untilMillis());
            }
          });
    }
    return best[0] == Long.MAX_VALUE ? OptionalLong.empty() : OptionalLong.of(best[0]);
  }

  private void forEachBan(String service, java.util.function.BiConsumer<String, Ban> f) {
    String prefix = layout.bans(service) + "/";
    services.stream()
        .filter(
            d -> d.getPath().startsWith(prefix) && d.getData() != null && d.getData().length > 0)
        .forEach(
            d -> {
              try {
                f.accept(d.getPath().substring(prefix.length()), Json.read(d.getData(), Ban.class));
              } catch (RuntimeException e) {
                LOG.warn("ignoring unreadable ban {}: {}", d.getPath(), e.getMessage());
              }
            });
  }
}
