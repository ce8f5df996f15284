package io.hactl.agent;

import io.hactl.history.History;
import io.hactl.history.HistoryEvent;
import io.hactl.zk.AdminState;
import io.hactl.zk.Ban;
import io.hactl.zk.Json;
import io.hactl.zk.RequestAnswer;
import io.hactl.zk.Requests;
import io.hactl.zk.ZkLayout;
import java.time.Clock;
import java.util.function.UnaryOperator;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes a node's service events to ZooKeeper: the owner's state for {@code hactl status}, the
 * history, bans and administrative changes. State and history writes are asynchronous; bans and
 * admin changes block (they are called from a service's worker, which needs them visible before it
 * releases).
 */
public final class ZkServiceEvents implements ServiceEvents {
  private static final Logger LOG = LoggerFactory.getLogger(ZkServiceEvents.class);

  private final CuratorFramework client;
  private final ZkLayout layout;
  private final History history;
  private final String node;
  private final Clock clock;

  public ZkServiceEvents(
      CuratorFramework client, ZkLayout layout, History history, String node, Clock clock) {
    this.client = client;
    this.layout = layout;
    this.history = history;
    this.node = node;
    this.clock = clock;
  }

  @Override
  public void transition(ServiceStatus status, ServiceState from, String reason) {
    if (status.state().owning() || from.owning()) {
      publishState(status);
    }
    history.append(
        new HistoryEvent(
            status.sinceMillis(),
            node,
            status.service(),
            "transition",
            from + " -> " + status.state() + " (epoch " + status.epoch() + "): " + reason));
  }

  @Override
  public void checked(ServiceStatus status) {
    publishState(status);
  }

  private void publishState(ServiceStatus status) {
    String path = layout.state(status.service());
    try {
      client
          .create()
          .orSetData()
          .creatingParentsIfNeeded()
          .inBackground(
              (c, e) -> {
                if (e.getResultCode() != KeeperException.Code.OK.intValue()) {
                  LOG.debug(
                      "state publish failed: {}", KeeperException.Code.get(e.getResultCode()));
                }
              })
          .forPath(path, Json.write(status));
    } catch (Exception e) {
      LOG.debug("state publish failed: {}", e.toString());
    }
  }

  @Override
  public void event(String service, String kind, String message) {
    history.append(new HistoryEvent(clock.millis(), node, service, kind, message));
  }

  @Override
  public void ban(String service, long untilMillis, String reason) {
    try {
      client
          .create()
          .orSetData()
          .creatingParentsIfNeeded()
          .forPath(layout.ban(service, node), Json.write(new Ban(untilMillis, reason)));
      event(
          service,
          "ban",
          node + " keeps off until " + java.time.Instant.ofEpochMilli(untilMillis) + ": " + reason);
    } catch (Exception e) {
      LOG.warn("service {} on {}: could not record ban: {}", service, node, e.toString());
    }
  }

  @Override
  public void disable(String service, String reason) {
    updateAdmin(service, a -> a.withEnabled(false));
    event(service, "disable", "disabled by recovery policy: " + reason);
  }

  @Override
  public void answer(String service, String requestId, boolean ok, String message) {
    try {
      Requests.answer(
          client, layout, service, requestId, node, new RequestAnswer(ok, message, clock.millis()));
      event(service, ok ? "request" : "rejected", requestId + ": " + message);
    } catch (Exception e) {
      LOG.warn("service {} on {}: could not answer {}: {}", service, node, requestId, e.toString());
    }
  }

  @Override
  public void liftBan(String service, String banned) {
    try {
      client.delete().forPath(layout.ban(service, banned));
      event(service, "clear", "ban of " + banned + " lifted by an operator");
    } catch (KeeperException.NoNodeException e) {
      // no ban: nothing to lift
    } catch (Exception e) {
      LOG.warn(
          "service {} on {}: could not lift ban of {}: {}", service, node, banned, e.toString());
    }
  }

  private void updateAdmin(String service, UnaryOperator<AdminState> change) {
    try {
      AdminNodes.update(client, layout.admin(service), change);
    } catch (Exception e) {
      LOG.warn("service {} on {}: could not update admin state: {}", service, node, e.toString());
    }
  }

  /** Compare-and-set updates of admin nodes, shared with the commands. */
  public static final class AdminNodes {
    private AdminNodes() {}

    /** Reads the admin state ({@link AdminState#NONE} when absent). */
    public static AdminState read(CuratorFramework client, String path) throws Exception {
      try {
        return Json.read(client.getData().forPath(path), AdminState.class);
      } catch (KeeperException.NoNodeException e) {
        return AdminState.NONE;
      }
    }

    /** Applies {@code change} with compare-and-set, retrying on a concurrent update. */
    public static AdminState update(
        CuratorFramework client, String path, UnaryOperator<AdminState> change) throws Exception {
      for (int attempt = 0; ; attempt++) {
        Stat stat = new Stat();
        AdminState current;
        try {
          current = Json.read(client.getData().storingStatIn(stat).forPath(path), AdminState.class);
        } catch (KeeperException.NoNodeException e) {
          AdminState next = change.apply(AdminState.NONE);
          try {
            client.create().creatingParentsIfNeeded().forPath(path, Json.write(next));
            return next;
          } catch (KeeperException.NodeExistsException again) {
            continue;
          }
        }
        AdminState next = change.apply(current);
        if (next.equals(current)) {
          return current;
        }
        try {
          client.setData().withVersion(stat.getVersion()).forPath(path, Json.write(next));
          return next;
        } catch (KeeperException.BadVersionException e) {
          if (attempt > 20) {
            throw e;
          }
        }
      }
    }
  }
}
