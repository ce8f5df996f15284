package io.hactl.cli;

import io.hactl.agent.ExitCode;
import io.hactl.config.ClusterConfig;
import io.hactl.config.ClusterSettings;
import io.hactl.config.ConfigException;
import io.hactl.config.ConfigParser;
import io.hactl.config.OcfAgentCatalog;
import io.hactl.history.History;
import io.hactl.history.HistoryEvent;
import io.hactl.zk.ZkClients;
import io.hactl.zk.ZkLayout;
import io.hactl.zk.ZkTls;
import io.hactl.zk.auth.ZkAccess;
import io.hactl.zk.auth.ZkRole;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.client.ZKClientConfig;
import picocli.CommandLine.Option;

/** How a command finds the cluster: a configuration file, or explicit ZooKeeper and name. */
final class ClusterOptions {
  static final Path DEFAULT_CONFIG = Path.of("/etc/hactl/cluster.yaml");

  @Option(
      names = {"-c", "--config"},
      paramLabel = "FILE",
      description = "Cluster configuration (default: $HACTL_CONFIG, else ${DEFAULT-VALUE}).",
      defaultValue = "${env:HACTL_CONFIG:-/etc/hactl/cluster.yaml}")
  Path config;

  @Option(
      names = "--zookeeper",
      paramLabel = "HOST:PORT,...",
      description = "ZooKeeper connect string; overrides the file's cluster.zookeeper.")
  String zookeeper;

  @Option(
      names = "--cluster",
      paramLabel = "NAME",
      description = "Cluster name; overrides the file's.")
  String cluster;

  @Option(
      names = "--connect-timeout",
      paramLabel = "DURATION",
      defaultValue = "15s",
      converter = DurationConverter.class,
      description = "How long to wait for ZooKeeper (default: ${DEFAULT-VALUE}).")
  Duration connectTimeout;

  @Option(
      names = "--credentials",
      paramLabel = "DIR",
      description = {
        "ZooKeeper credentials directory (default: $HACTL_CREDENTIALS, else FILE.credentials",
        "next to the configuration, else " + Credentials.SYSTEM_DIR + "). $HACTL_ZK_AUTH",
        "(user:password) replaces the role's file. Without credentials, no authentication."
      })
  Path credentials;

  /** Identities this command may use, best first. */
  List<ZkRole> roles = List.of(ZkRole.ADMIN, ZkRole.READER);

  /** The parsed configuration file; fails with all errors if it is invalid. */
  ClusterConfig loadConfig() throws CliException {
    return loadConfig(OcfAgentCatalog.UNCHECKED);
  }

  /**
   * The parsed configuration file, its OCF resources checked against {@code ocfAgents}; fails with
   * all errors if it is invalid.
   */
  ClusterConfig loadConfig(OcfAgentCatalog ocfAgents) throws CliException {
    if (!Files.isReadable(config)) {
      throw new CliException(
          ExitCode.USAGE,
          "cannot read configuration " + config + " (give --config FILE or set HACTL_CONFIG)");
    }
    try {
      return new ConfigParser(ocfAgents).parseFile(config);
    } catch (ConfigException e) {
      throw new CliException(ExitCode.CONFIG_INVALID, "invalid configuration:\n" + e.getMessage());
    }
  }

  /** The configuration file when it is readable and valid, else empty (never fails). */
  Optional<ClusterConfig> localConfig() {
    try {
      return Optional.of(new ConfigParser().parseFile(config));
    } catch (ConfigException e) {
      return Optional.empty();
    }
  }

  /** The cluster root in ZooKeeper. */
  ZkLayout layout() throws CliException {
    if (cluster != null) {
      return new ZkLayout(ClusterSettings.DEFAULT_CHROOT + "/" + cluster);
    }
    return new ZkLayout(loadConfig().cluster().root());
  }

  String connectString() throws CliException {
    if (zookeeper != null) {
      return zookeeper;
    }
    ClusterSettings s = loadConfig().cluster();
    if (s.embedded()) {
      return EmbeddedConnect.read(config);
    }
    return s.zookeeper();
  }

  private ZkAccess access;

  /** How this command authenticates and which ACLs it sets (found once per command). */
  ZkAccess access() throws CliException {
    if (access == null) {
      access = Credentials.access(credentials, config, roles, layout().root());
    }
    return access;
  }

  /**
   * Who this command acts as, for the history: {@code cli:ZKUSER(LOCAL)} with the ZooKeeper user it
   * authenticated as and the local account that ran it, or {@code cli:unauthenticated(LOCAL)}. The
   * local account is what the command's process says ({@code user.name}): a hint for the operators,
   * not a proof; the server's own record of the creator is in each request node's ACL.
   */
  String who() throws CliException {
    ZkAccess a = access();
    String local = System.getProperty("user.name", "?").replaceAll("[^A-Za-z0-9._@-]", "?");
    return "cli:"
        + (a.authenticated() ? a.credentials().user() : "unauthenticated")
        + "("
        + (local.length() > 32 ? local.substring(0, 32) : local)
        + ")";
  }

  /** The connection's client configuration: TLS when the configuration file asks for it. */
  ZKClientConfig clientConfig() throws CliException {
    ClusterSettings.Tls tls = localConfig().map(c -> c.cluster().tls()).orElse(null);
    try {
      return ZkTls.clientConfig(tls);
    } catch (java.io.IOException e) {
      throw new CliException(ExitCode.USAGE, "cluster.tls: " + e.getMessage());
    }
  }

  /**
   * Records an operator command in the cluster's history, as {@link #who}, and waits for it (the
   * command's connection closes soon after); a failure is a warning, the command itself is done.
   */
  void record(CuratorFramework client, ClusterConfig config, String service, String message)
      throws CliException {
    HistoryEvent e =
        new HistoryEvent(System.currentTimeMillis(), who(), service, "command", message);
    try {
      new History(client, layout(), config.cluster().historySize()).appendAndWait(e);
    } catch (java.io.IOException failed) {
      System.err.println(
          "hactl: warning: the history does not record '" + message + "': " + failed.getMessage());
    }
  }

  /** A connected client; the caller closes it. */
  CuratorFramework connect() throws CliException {
    return connect(Duration.ofSeconds(10));
  }

  /** A connected client asking for {@code sessionTimeout}; the caller closes it. */
  CuratorFramework connect(Duration sessionTimeout) throws CliException {
    String connect = connectString();
    CuratorFramework client = ZkClients.start(connect, sessionTimeout, access(), clientConfig());
    try {
      if (!ZkClients.awaitConnected(client, connectTimeout)) {
        client.close();
        throw new CliException(
            ExitCode.ZK_UNAVAILABLE,
            "no ZooKeeper at " + connect + " within " + connectTimeout.toSeconds() + " s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      client.close();
      throw new CliException(ExitCode.FAILURE, "interrupted");
    }
    return client;
  }
}
