package io.hactl.agent;

import io.hactl.config.ClusterConfig;
import io.hactl.config.ConfigException;
import io.hactl.config.ConfigParser;
import io.hactl.config.OcfAgentCatalog;
import io.hactl.history.History;
import io.hactl.history.HistoryEvent;
import io.hactl.zk.ZkLayout;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.apache.curator.framework.recipes.cache.CuratorCache;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hot reload: picks up a configuration stored by {@code hactl config apply}, checks it once more
 * against the session timeout this agent was granted (DESIGN rule 4: a change that does not fit is
 * refused and the running configuration kept), and hands it to the controllers. A changed {@code
 * cluster.sessionTimeout} takes effect at this agent's next start (a running session keeps its
 * granted timeout); the agent says so.
 */
final class ConfigReload {
  private static final Logger LOG = LoggerFactory.getLogger(ConfigReload.class);

  private final String node;
  private final ZkLayout layout;
  private final CuratorCache cache;
  private final AtomicReference<ClusterConfig> current;
  private final ControllerRegistry registry;
  private final History history;
  private final Clock clock;
  private final Supplier<Duration> granted;
  private final OcfAgentCatalog ocfAgents;
  private String lastSeen;
  private long reportedAtStart = -1;

  ConfigReload(
      String node,
      ZkLayout layout,
      CuratorCache cache,
      AtomicReference<ClusterConfig> current,
      ControllerRegistry registry,
      History history,
      Clock clock,
      Supplier<Duration> granted,
      OcfAgentCatalog ocfAgents) {
    this.node = node;
    this.layout = layout;
    this.cache = cache;
    this.current = current;
    this.registry = registry;
    this.history = history;
    this.clock = clock;
    this.granted = granted;
    this.ocfAgents = ocfAgents;
  }

  /** The agent started without the stored configuration of {@code mzxid}: it said so already. */
  void reportedAtStart(long mzxid) {
    reportedAtStart = mzxid;
  }

  /** Adopts a new stored configuration, if there is one; runs on the agent's control thread. */
  void refresh() {
    var data = cache.get(layout.config());
    if (data.isEmpty() || data.get().getData() == null) {
      return;
    }
    String text = new String(data.get().getData(), StandardCharsets.UTF_8);
    ClusterConfig running = current.get();
    if (text.equals(lastSeen)
        || text.equals(running.source())
        || data.get().getStat().getMzxid() == reportedAtStart) {
      lastSeen = text;
      return;
    }
    lastSeen = text;
    ClusterConfig next;
    try {
      next = new ConfigParser(ocfAgents).parse(text, "zookeeper:" + layout.config());
    } catch (ConfigException e) {
      // Reported once per stored text (lastSeen): a corrupt node read again does not flood.
      String why =
          "stored configuration "
              + layout.config()
              + " is invalid ("
              + Bootstrap.firstErrors(e)
              + "), keeping the running one; repair with `hactl config apply FILE`";
      LOG.error("agent {}: {}", node, why);
      record(why);
      return;
    }
    Optional<String> unfit = Bootstrap.budgetProblem(next, granted.get());
    if (unfit.isPresent()) {
      LOG.error(
          "agent {}: refusing the stored configuration, keeping the running one: {}",
          node,
          unfit.get());
      record("refused a new configuration: " + unfit.get());
      return;
    }
    current.set(next);
    registry.follow(next);
    Duration was = running.cluster().sessionTimeout();
    Duration now = next.cluster().sessionTimeout();
    String timeout =
        was.equals(now)
            ? ""
            : "; cluster.sessionTimeout "
                + was.toMillis()
                + " ms -> "
                + now.toMillis()
                + " ms takes effect at this agent's next start (granted now: "
                + granted.get().toMillis()
                + " ms)";
    LOG.info("agent {}: configuration changed in ZooKeeper; now in effect{}", node, timeout);
    record(node + " picked up a new configuration" + timeout);
  }

  private void record(String message) {
    history.append(new HistoryEvent(clock.millis(), node, null, "config", message));
  }
}
