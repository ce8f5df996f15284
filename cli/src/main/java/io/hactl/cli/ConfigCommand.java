package io.hactl.cli;

import io.hactl.agent.ExitCode;
import io.hactl.config.ClearTextSecrets;
import io.hactl.config.ClusterConfig;
import io.hactl.config.ConfigError;
import io.hactl.config.ConfigException;
import io.hactl.config.ConfigParser;
import io.hactl.zk.ConfigStore;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.curator.framework.CuratorFramework;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Validates and applies cluster configuration files. */
@Command(
    name = "config",
    mixinStandardHelpOptions = true,
    description = "Validate a configuration file, or store it in the cluster.",
    subcommands = {ConfigCommand.Validate.class, ConfigCommand.Apply.class})
final class ConfigCommand {

  static ClusterConfig parse(Path file) throws CliException {
    try {
      ClusterConfig config = new ConfigParser().parseFile(file);
      ConfigStore.checkSize(config, file.toString());
      return config;
    } catch (ConfigException e) {
      throw new CliException(
          ExitCode.CONFIG_INVALID,
          e.errors().size() + " error(s); nothing was changed:\n" + e.getMessage());
    }
  }

  @Command(
      name = "validate",
      header = "Check a configuration file completely; change nothing.",
      mixinStandardHelpOptions = true,
      description = {
        "Check a configuration file completely (schema, cross-references, timing rules)",
        "without touching the cluster. Prints every error as FILE: FIELD: RULE.",
        "Exit 0 when valid, 3 when not."
      })
  static final class Validate implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", description = "Configuration file to check.")
    Path file;

    @Override
    public Integer call() throws CliException {
      ClusterConfig c = parse(file);
      System.out.printf(
          "%s: valid: cluster %s, %d nodes, %d failover domains, %d services%n",
          file,
          c.cluster().name(),
          c.nodes().size(),
          c.failoverDomains().size(),
          c.services().size());
      return ExitCode.OK.code();
    }
  }

  @Command(
      name = "apply",
      header = "Validate a file, then store it in the cluster.",
      mixinStandardHelpOptions = true,
      description = {
        "Validate FILE, then store it in the cluster's ZooKeeper; running agents pick it up",
        "without restart. A file with any error is rejected whole and the stored configuration",
        "stays as it was. The cluster is found through FILE itself unless --zookeeper is given."
      })
  static final class Apply implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", description = "Configuration file to apply.")
    Path file;

    @Mixin ClusterOptions cluster;

    @Option(
        names = "--allow-clear-text-secrets",
        description = {
          "Store fence passwords, keys and tokens written in clear in the options (readable by",
          "every reader of the cluster). Without it such a file is refused: give the value in a",
          "file on each node instead, with the device's `secrets: {OPTION: /path}`."
        })
    boolean allowClearTextSecrets;

    @Override
    public Integer call() throws Exception {
      ClusterConfig c = parse(file);
      List<ConfigError> clear = ClearTextSecrets.find(c, file.toString());
      if (!clear.isEmpty() && !allowClearTextSecrets) {
        throw new CliException(
            ExitCode.CONFIG_INVALID,
            clear.size()
                + " secret(s) in clear text; nothing was changed:\n"
                + new ConfigException(clear).getMessage());
      }
      cluster.config = cluster.config == null || cluster.zookeeper == null ? file : cluster.config;
      try (CuratorFramework client = cluster.connect()) {
        var layout = new io.hactl.zk.ZkLayout(c.cluster().root());
        ConfigStore store = new ConfigStore(client, layout);
        var current = store.read();
        if (current.isPresent() && current.get().value().equals(c.source())) {
          System.out.println(file + ": identical to the stored configuration; nothing to do");
          return ExitCode.OK.code();
        }
        store.apply(c, current.map(v -> v.version()).orElse(-1));
        System.out.println(
            file
                + ": stored as the configuration of cluster "
                + c.cluster().name()
                + (current.isPresent()
                    ? " (replacing version " + current.get().version() + ")"
                    : ""));
        return ExitCode.OK.code();
      }
    }
  }
}
