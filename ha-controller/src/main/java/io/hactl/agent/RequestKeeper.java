package io.hactl.agent;

import io.hactl.history.History;
import io.hactl.history.HistoryEvent;
import io.hactl.placement.ClusterView;
import io.hactl.placement.Placement;
import io.hactl.zk.Json;
import io.hactl.zk.RequestAnswer;
import io.hactl.zk.Requests;
import io.hactl.zk.ServiceRequest;
import io.hactl.zk.ZkLayout;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeSet;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.KeeperException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes operator requests end, on the agent's control thread: the keeper of a service (its owner,
 * or without one the first live node by name) deletes expired requests and rejects, with the
 * reason, a relocation that cannot happen (no eligible node, target not eligible, service frozen),
 * so the command sees it at once and nothing stays pending; every agent hands a clear of its own
 * failures to its controller, and the keeper lifts the bans of targeted nodes that are down. Writes
 * go out in the background: it never blocks on ZooKeeper. It does not judge restarts: the owner
 * carries those out.
 */
final class RequestKeeper {
  private static final Logger LOG = LoggerFactory.getLogger(RequestKeeper.class);

  private final String node;
  private final CuratorFramework client;
  private final ZkLayout layout;
  private final History history;
  private final Clock clock;
  private final RecentIds answered = new RecentIds(256);

  RequestKeeper(
      String node, CuratorFramework client, ZkLayout layout, History history, Clock clock) {
    this.node = node;
    this.client = client;
    this.layout = layout;
    this.history = history;
    this.clock = clock;
  }

  /**
   * The earliest deadline still ahead at {@code nowMillis} among {@code requests}: the agent must
   * look again then to delete that request, whether or not anything else changes in ZooKeeper.
   */
  static OptionalLong nextExpiry(List<Requests.Pending> requests, long nowMillis) {
    long best = Long.MAX_VALUE;
    for (Requests.Pending p : requests) {
      if (p.request().isPresent() && !p.request().get().expired(nowMillis)) {
        best = Math.min(best, p.request().get().deadlineMillis());
      }
    }
    return best == Long.MAX_VALUE ? OptionalLong.empty() : OptionalLong.of(best);
  }

  /** Looks at every request of the service of {@code c}. */
  void keep(
      ServiceController c, ClusterView view, Placement placement, List<Requests.Pending> requests) {
    String service = c.service();
    boolean keeper = keeper(view).map(node::equals).orElse(false);
    long now = clock.millis();
    for (Requests.Pending p : requests) {
      if (p.request().isEmpty()) {
        continue; // corrupt: reported by the views, removed by `hactl requests cancel`
      }
      ServiceRequest r = p.request().get();
      if (r.expired(now)) {
        if (keeper) {
          delete(service, p.id());
        }
        continue;
      }
      switch (r.kind()) {
        case RELOCATE -> {
          if (keeper && p.answers().isEmpty()) {
            impossible(r, view, placement).ifPresent(why -> reject(service, p.id(), why));
          }
        }
        case CLEAR -> clear(c, view, keeper, p, r);
        case RESTART -> {
          if (keeper && p.answers().isEmpty()) {
            restartImpossible(r, view).ifPresent(why -> reject(service, p.id(), why));
          }
        }
      }
    }
  }

  private void clear(
      ServiceController c, ClusterView view, boolean keeper, Requests.Pending p, ServiceRequest r) {
    if ((r.node() == null || r.node().equals(node)) && !p.answers().containsKey(node)) {
      c.clearFailures(p.id(), "asked by " + (r.user() == null ? "an operator" : r.user()));
    }
    if (keeper) {
      for (String banned : view.bannedNodes()) {
        boolean targeted = r.node() == null || r.node().equals(banned);
        if (targeted && !view.liveNodes().containsKey(banned)) {
          try {
            client.delete().inBackground().forPath(layout.ban(c.service(), banned));
          } catch (Exception e) {
            LOG.warn("agent {}: cannot lift ban of {}: {}", node, banned, e.toString());
          }
        }
      }
    }
  }

  /** Why relocation {@code r} cannot be carried out now, or empty when it can. */
  static Optional<String> impossible(ServiceRequest r, ClusterView view, Placement placement) {
    if (view.frozen()) {
      return Optional.of("the service is frozen: unfreeze it first");
    }
    List<String> eligible = new ArrayList<>(placement.eligible(view));
    if (r.from() != null && !r.from().isEmpty()) {
      if (view.owner().isEmpty() || !view.owner().get().node().equals(r.from())) {
        return Optional.empty(); // it moved already; placement finishes the job
      }
      eligible.remove(r.from());
    }
    if (eligible.isEmpty()) {
      return Optional.of(
          "no eligible node to move to"
              + " (live: "
              + new TreeSet<>(view.liveNodes().keySet())
              + ", banned: "
              + new TreeSet<>(view.bannedNodes())
              + ", standby: "
              + new TreeSet<>(view.standbyNodes())
              + ")");
    }
    if (r.to() != null && !eligible.contains(r.to())) {
      return Optional.of(r.to() + " is not eligible (eligible: " + eligible + ")");
    }
    return Optional.empty();
  }

  /** Why restart {@code r} cannot be carried out now, or empty when its owner can do it. */
  static Optional<String> restartImpossible(ServiceRequest r, ClusterView view) {
    if (view.frozen()) {
      return Optional.of("the service is frozen: unfreeze it first");
    }
    String owner = view.owner().map(ClusterView.Owner::node).orElse(null);
    if (!r.from().equals(owner)) {
      return Optional.of(
          "the service is no longer on "
              + r.from()
              + " (owner now: "
              + (owner == null ? "none" : owner)
              + ")");
    }
    return Optional.empty();
  }

  /** The owner if live, else the first live node by name. */
  private static Optional<String> keeper(ClusterView view) {
    return view.owner()
        .map(ClusterView.Owner::node)
        .filter(view.liveNodes()::containsKey)
        .or(() -> view.liveNodes().keySet().stream().sorted().findFirst());
  }

  private void reject(String service, String id, String why) {
    if (!answered.firstTime(service + "/" + id)) {
      return;
    }
    LOG.info("agent {}: rejecting request {} of {}: {}", node, id, service, why);
    try {
      client
          .create()
          .inBackground()
          .forPath(
              layout.request(service, id) + "/" + node,
              Json.write(new RequestAnswer(false, why, clock.millis())));
    } catch (Exception e) {
      LOG.warn("agent {}: cannot reject {}: {}", node, id, e.toString());
    }
    history.append(new HistoryEvent(clock.millis(), node, service, "rejected", id + ": " + why));
  }

  private void delete(String service, String id) {
    if (!answered.firstTime(service + "/" + id + "/expired")) {
      return;
    }
    LOG.info("agent {}: deleting expired request {} of {}", node, id, service);
    try {
      client
          .delete()
          .deletingChildrenIfNeeded()
          .inBackground()
          .forPath(layout.request(service, id));
    } catch (KeeperException.NoNodeException e) {
      // gone already
    } catch (Exception e) {
      LOG.warn("agent {}: cannot delete expired request {}: {}", node, id, e.toString());
    }
    history.append(
        new HistoryEvent(clock.millis(), node, service, "request", id + " expired; deleted"));
  }
}
