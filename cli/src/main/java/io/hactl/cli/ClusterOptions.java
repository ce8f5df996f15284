package io.hactl.cli;

import io.hactl.agent.ExitCode;
import io.hactl.config.ClusterConfig;
import io.hactl.config.ClusterSettings;
import io.hactl.config.ConfigException;
import io.hactl.config.ConfigParser;
import io.hactl.config.OcfAgentCatalog;
import io.hactl.zk.ZkClients;
import io.hactl.zk.ZkLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.curator.framework.CuratorFramework;
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

  /** A connected client; the caller closes it. */
  CuratorFramework connect() throws CliException {
    String connect = connectString();
    CuratorFramework client = ZkClients.start(connect, Duration.ofSeconds(10));
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
