package io.hactl.agent;

import io.hactl.time.Sleeper;
import io.hactl.time.Ticker;
import io.hactl.zk.Json;
import io.hactl.zk.MemberInfo;
import io.hactl.zk.ZkLayout;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.nodes.PersistentNode;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.data.Stat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's membership of the cluster: its ephemeral node {@code ROOT/nodes/NODE}, which is also
 * its election node (ownership writes check it) and carries the session timeout ZooKeeper granted
 * it ({@link MemberInfo}). Joining waits, bounded, for a node left by an earlier run of this agent
 * whose session has not expired yet; it refuses when another live agent holds the name.
 */
final class Membership implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Membership.class);
  private static final Duration POLL = Duration.ofMillis(200);
  private static final Duration INITIAL_CREATE_WAIT = Duration.ofSeconds(30);

  private final CuratorFramework client;
  private final String path;
  private final String node;
  private PersistentNode membership;

  Membership(CuratorFramework client, ZkLayout layout, String node) {
    this.client = client;
    this.node = node;
    this.path = layout.node(node);
  }

  String path() {
    return path;
  }

  /** Joins, waiting at most twice the granted session timeout for a stale node to expire. */
  void join(Duration granted, Ticker ticker, Sleeper sleeper) throws AgentException {
    try {
      long start = ticker.nanos();
      long limit = Recovery.saturatedNanos(granted.multipliedBy(2));
      Stat stat;
      while ((stat = client.checkExists().forPath(path)) != null) {
        if (ticker.nanos() - start > limit) {
          throw new AgentException(
              ExitCode.REFUSED,
              "another agent is already running as node "
                  + node
                  + " (session 0x"
                  + Long.toHexString(stat.getEphemeralOwner())
                  + ")");
        }
        sleeper.sleep(POLL);
      }
      byte[] data = Json.write(new MemberInfo(ProcessHandle.current().pid(), granted.toMillis()));
      membership = new PersistentNode(client, CreateMode.EPHEMERAL, false, path, data);
      membership.start();
      // Not the session timeout: with a short one, a busy machine's first connection loss would
      // end the agent before it joined. Nothing is owned yet, so waiting longer is harmless.
      long wait = Math.max(granted.toMillis(), INITIAL_CREATE_WAIT.toMillis());
      if (!membership.waitForInitialCreate(wait, TimeUnit.MILLISECONDS)) {
        throw new AgentException(
            ExitCode.ZK_UNAVAILABLE, "could not create membership node " + path);
      }
    } catch (AgentException e) {
      throw e;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AgentException(ExitCode.FAILURE, "interrupted while joining", e);
    } catch (Exception e) {
      throw new AgentException(ExitCode.ZK_UNAVAILABLE, "joining: " + e, e);
    }
  }

  /** Republishes the granted timeout (a new session may have been granted another one). */
  void publish(Duration granted) {
    PersistentNode m = membership;
    if (m == null) {
      return;
    }
    try {
      m.setData(Json.write(new MemberInfo(ProcessHandle.current().pid(), granted.toMillis())));
    } catch (Exception e) {
      LOG.warn("could not republish membership {}: {}", path, e.toString());
    }
  }

  @Override
  public void close() {
    if (membership != null) {
      try {
        membership.close();
      } catch (IOException e) {
        LOG.warn("closing membership {}: {}", path, e.toString());
      }
    }
  }
}
