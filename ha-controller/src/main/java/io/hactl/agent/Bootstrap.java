package io.hactl.agent;

import io.hactl.config.ClearTextSecrets;
import io.hactl.config.ClusterConfig;
import io.hactl.config.ConfigError;
import io.hactl.config.ConfigException;
import io.hactl.config.ConfigParser;
import io.hactl.config.EmergencyBudgetRule;
import io.hactl.config.OcfAgentCatalog;
import io.hactl.config.ServiceConfig;
import io.hactl.zk.Checked;
import io.hactl.zk.ConfigStore;
import io.hactl.zk.ZkClients;
import io.hactl.zk.ZkLayout;
import java.time.Duration;
import java.util.List;
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
   * What an agent starts with: the configuration, and why the stored one was not used when it was
   * corrupt (for the history; already logged).
   */
  record Adopted(ClusterConfig config, Optional<String> corrupt, long corruptMzxid) {}

  /**
   * The configuration the cluster runs: the stored one, or {@code local} stored now when none is. A
   * stored configuration that is corrupt or invalid (hostile data, DESIGN rule 9) does not stop the
   * agent: it starts with {@code local}, which the command line validated, and says so once at
   * ERROR with the znode and the repair.
   */
  static Adopted adoptStoredConfig(
      CuratorFramework client,
      ClusterConfig local,
      OcfAgentCatalog ocfAgents,
      boolean allowClearTextSecrets)
      throws AgentException {
    ZkLayout layout = new ZkLayout(local.cluster().root());
    ConfigStore store = new ConfigStore(client, layout);
    try {
      var stored = store.readChecked();
      if (stored.isEmpty()) {
        if (!allowClearTextSecrets) {
          refuseClearTextSecrets(local);
        }
        try {
          store.apply(local, -1);
          LOG.info(
              "stored the configuration in ZooKeeper (first agent of cluster {})",
              local.cluster().name());
          return new Adopted(local, Optional.empty(), 0);
        } catch (KeeperException.NodeExistsException e) {
          // Another first agent stored it a moment earlier: adopt theirs, as any later agent does.
          stored = store.readChecked();
        }
      }
      if (stored.isEmpty()) {
        throw new AgentException(
            ExitCode.ZK_UNAVAILABLE, layout.config() + " was deleted while it was read; retry");
      }
      if (stored.get() instanceof Checked.Corrupt<ClusterConfig> bad) {
        return fallBack(local, bad.toString(), bad.mzxid());
      }
      ClusterConfig cfg = stored.get().value().orElseThrow();
      try {
        // Parsed once more with this node's OCF agents: a stored configuration may name one that
        // is not installed here.
        cfg = new ConfigParser(ocfAgents).parse(cfg.source(), "zookeeper:" + layout.config());
      } catch (ConfigException e) {
        return fallBack(
            local, "corrupt: " + layout.config() + ": " + firstErrors(e), stored.get().mzxid());
      }
      if (!cfg.source().equals(local.source())) {
        LOG.warn(
            "the local configuration file differs from the one stored in ZooKeeper; using the"
                + " stored one (run `hactl config apply FILE` to change it)");
      }
      return new Adopted(cfg, Optional.empty(), 0);
    } catch (AgentException e) {
      throw e;
    } catch (Exception e) {
      throw new AgentException(
          ExitCode.ZK_UNAVAILABLE, "reading the stored configuration: " + e, e);
    }
  }

  /**
   * The first agent of a cluster stores its local file in ZooKeeper: like {@code config apply}, it
   * refuses a file with secrets in clear text (DESIGN rule 8) unless told otherwise.
   */
  private static void refuseClearTextSecrets(ClusterConfig local) throws AgentException {
    List<ConfigError> clear = ClearTextSecrets.find(local, "the local configuration file");
    if (clear.isEmpty()) {
      return;
    }
    String message =
        "no configuration is stored in ZooKeeper yet, and this agent's local file has "
            + clear.size()
            + " secret(s) in clear text, which storing it would put in ZooKeeper; nothing was"
            + " stored. Give each secret in a file on each node instead, or store the file"
            + " knowingly with `hactl config apply --allow-clear-text-secrets FILE` (or start the"
            + " agent with --allow-clear-text-secrets):\n"
            + new ConfigException(clear).getMessage();
    LOG.error(message);
    throw new AgentException(ExitCode.CONFIG_INVALID, message);
  }

  private static Adopted fallBack(ClusterConfig local, String problem, long mzxid) {
    String message =
        "the stored configuration is unusable ("
            + problem
            + "); starting with the local configuration file instead. Repair the cluster's"
            + " configuration with `hactl config apply FILE`";
    LOG.error(message);
    return new Adopted(local, Optional.of(message), mzxid);
  }

  /** The first three errors of a rejected configuration, on one line. */
  static String firstErrors(ConfigException e) {
    return e.errors().size()
        + " error(s): "
        + String.join("; ", e.errors().stream().limit(3).map(Object::toString).toList());
  }

  /**
   * The session timeout an agent should request: the stored configuration's when the cluster has
   * one, else the local file's (also when the stored one is corrupt: the agent will start with the
   * local file). Reads with {@code client}, which may have been started with the local timeout; the
   * caller reconnects when the two differ.
   */
  static Duration requestedSessionTimeout(
      CuratorFramework client, ClusterConfig local, Duration connectTimeout) throws AgentException {
    connect(client, connectTimeout);
    ConfigStore store = new ConfigStore(client, new ZkLayout(local.cluster().root()));
    try {
      return store
          .readChecked()
          .flatMap(Checked::value)
          .map(c -> c.cluster().sessionTimeout())
          .orElse(local.cluster().sessionTimeout());
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
