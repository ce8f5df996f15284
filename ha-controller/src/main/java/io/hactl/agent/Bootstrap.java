package io.hactl.agent;

import io.hactl.config.ClusterConfig;
import io.hactl.config.ConfigException;
import io.hactl.config.ConfigParser;
import io.hactl.config.EmergencyBudgetRule;
import io.hactl.config.OcfAgentCatalog;
import io.hactl.config.ServiceConfig;
import io.hactl.zk.ConfigStore;
import io.hactl.zk.ZkClients;
import io.hactl.zk.ZkLayout;
import java.time.Duration;
import java.util.Optional;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.KeeperException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first steps of an agent, before it joins: wait for the connection, read back the session
 * timeout ZooKeeper granted, adopt the stored configuration (or store the local one when this is
 * the first agent of the cluster), and refuse to run when an emergency stop cannot fit a third of
 * the granted timeout (DESIGN rule 4).
 */
final class Bootstrap {
  private static final Logger LOG = LoggerFactory.getLogger(Bootstrap.class);

  private Bootstrap() {}

  /** Waits for the first connection; returns the granted session timeout. */
  static Duration connect(CuratorFramework client, Duration connectTimeout) throws AgentException {
    try {
      if (!ZkClients.awaitConnected(client, connectTimeout)) {
        throw new AgentException(
            ExitCode.ZK_UNAVAILABLE,
            "no ZooKeeper connection within "
                + connectTimeout.toSeconds()
                + " s; check cluster.zookeeper");
      }
      return ZkClients.negotiatedSessionTimeout(client);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AgentException(ExitCode.FAILURE, "interrupted while connecting", e);
    } catch (AgentException e) {
      throw e;
    } catch (Exception e) {
      throw new AgentException(ExitCode.ZK_UNAVAILABLE, "ZooKeeper: " + e.getMessage(), e);
    }
  }

  /**
   * The configuration the cluster runs: the stored one, or {@code local} stored now when none is.
   */
  static ClusterConfig adoptStoredConfig(
      CuratorFramework client, ClusterConfig local, OcfAgentCatalog ocfAgents)
      throws AgentException {
    ZkLayout layout = new ZkLayout(local.cluster().root());
    ConfigStore store = new ConfigStore(client, layout);
    try {
      var stored = store.read();
      if (stored.isEmpty()) {
        try {
          store.apply(local, -1);
          LOG.info(
              "stored the configuration in ZooKeeper (first agent of cluster {})",
              local.cluster().name());
          return local;
        } catch (KeeperException.NodeExistsException e) {
          // Another first agent stored it a moment earlier: adopt theirs, as any later agent does.
          stored = store.read();
        }
      }
      if (!stored.get().value().equals(local.source())) {
        LOG.warn(
            "the local configuration file differs from the one stored in ZooKeeper; using the"
                + " stored one (run `hactl config apply FILE` to change it)");
      }
      return new ConfigParser(ocfAgents)
          .parse(stored.get().value(), "zookeeper:" + layout.config());
    } catch (ConfigException e) {
      throw new AgentException(
          ExitCode.CONFIG_INVALID, "stored configuration is invalid:\n" + e.getMessage(), e);
    } catch (Exception e) {
      throw new AgentException(
          ExitCode.ZK_UNAVAILABLE, "reading the stored configuration: " + e, e);
    }
  }

  /**
   * The session timeout an agent should request: the stored configuration's when the cluster has
   * one, else the local file's. Reads with {@code client}, which may have been started with the
   * local timeout; the caller reconnects when the two differ.
   */
  static Duration requestedSessionTimeout(
      CuratorFramework client, ClusterConfig local, Duration connectTimeout) throws AgentException {
    connect(client, connectTimeout);
    ConfigStore store = new ConfigStore(client, new ZkLayout(local.cluster().root()));
    try {
      Optional<String> text = store.read().map(v -> v.value());
      if (text.isEmpty()) {
        return local.cluster().sessionTimeout();
      }
      return new ConfigParser()
          .parse(text.get(), "zookeeper:" + local.cluster().root() + "/config")
          .cluster()
          .sessionTimeout();
    } catch (ConfigException e) {
      throw new AgentException(
          ExitCode.CONFIG_INVALID, "stored configuration is invalid:\n" + e.getMessage(), e);
    } catch (Exception e) {
      throw new AgentException(
          ExitCode.ZK_UNAVAILABLE, "reading the stored configuration: " + e, e);
    }
  }

  /** Refuses a configuration whose emergency stop cannot fit a third of {@code granted}. */
  static void checkGranted(ClusterConfig cfg, Duration granted) throws AgentException {
    Optional<String> problem = budgetProblem(cfg, granted);
    if (problem.isPresent()) {
      throw new AgentException(ExitCode.CONFIG_INVALID, problem.get());
    }
  }

  /** Why {@code cfg} cannot run under a granted session timeout, if it cannot. */
  static Optional<String> budgetProblem(ClusterConfig cfg, Duration granted) {
    Duration limit = EmergencyBudgetRule.limit(granted);
    for (ServiceConfig s : cfg.services().values()) {
      if (!EmergencyBudgetRule.fits(s, granted)) {
        return Optional.of(
            "ZooKeeper negotiated a session timeout of "
                + granted.toMillis()
                + " ms (requested "
                + cfg.cluster().sessionTimeout().toMillis()
                + " ms): service "
                + s.name()
                + " needs "
                + s.emergencyStopBudget().toMillis()
                + " ms for its emergency stop, more than a third ("
                + limit.toMillis()
                + " ms). Raise the server's maxSessionTimeout/tickTime or lower the service's"
                + " termGrace/unmountTimeout.");
      }
    }
    return Optional.empty();
  }
}
