package io.hactl.cli;

import io.hactl.agent.ExitCode;
import io.hactl.config.ClearTextSecrets;
import io.hactl.config.ClusterConfig;
import io.hactl.config.ConfigError;
import io.hactl.config.ConfigException;
import io.hactl.config.ConfigParser;
import io.hactl.config.Durations;
import io.hactl.config.EmergencyBudgetRule;
import io.hactl.config.NodeConfig;
import io.hactl.config.ServiceConfig;
import io.hactl.process.ProcessRunner;
import io.hactl.readiness.InstalledFenceAgents;
import io.hactl.resource.ocf.MetaDataCatalog;
import io.hactl.zk.ConfigStore;
import io.hactl.zk.MemberInfo;
import io.hactl.zk.RunningAgents;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
  private static final String OFFLINE =
      "This machine is not a node: a fence agent not installed here is a warning (its options"
          + " unchecked), not an error. Agents broken here are still errors.";

  static ClusterConfig parse(Path file, boolean offline) throws CliException {
    InstalledFenceAgents fenceAgents = InstalledFenceAgents.here(offline);
    try {
      ClusterConfig config =
          new ConfigParser(new MetaDataCatalog(new ProcessRunner()), fenceAgents).parseFile(file);
      ConfigStore.checkSize(config, file.toString());
      fenceAgents.warnings().forEach(w -> System.err.println("warning: " + file + ": " + w));
      config.nodes().values().stream()
          .filter(NodeConfig::manualFenceOnly)
          .forEach(
              n ->
                  System.err.println(
                      "note: "
                          + file
                          + ": node "
                          + n.name()
                          + " is marked fence: manual; it "
                          + NodeConfig.MANUAL_MEANING));
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
        "without touching the cluster. OCF resources and fence devices are checked against the",
        "agents installed on this machine (their metadata: parameters, required options,",
        "advised timeouts): run it on a node, or with --offline elsewhere.",
        "Every node needs fence levels, or `fence: manual`: such a node accepts manual",
        "acknowledgement only (a failover away from it waits for `hactl fence ack NODE`).",
        "Prints every error as FILE: FIELD: RULE.",
        "Exit 0 when valid, 3 when not."
      })
  static final class Validate implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", description = "Configuration file to check.")
    Path file;

    @Option(names = "--offline", description = OFFLINE)
    boolean offline;

    @Override
    public Integer call() throws CliException {
      ClusterConfig c = parse(file, offline);
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
        "stays as it was. The cluster is found through FILE itself unless --zookeeper is given.",
        "",
        "Every running agent publishes the session timeout ZooKeeper granted it; a change whose",
        "emergency stop does not fit a third of ANY running agent's granted timeout is refused",
        "(DESIGN rule 4), naming the agent. A new cluster.sessionTimeout is what agents request",
        "at their next start; running agents keep the session they have."
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

    @Option(names = "--offline", description = OFFLINE)
    boolean offline;

    @Override
    public Integer call() throws Exception {
      ClusterConfig c = parse(file, offline);
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
        Map<String, MemberInfo> running = RunningAgents.read(client, layout);
        List<String> unfit = unfit(c, running);
        if (!unfit.isEmpty()) {
          throw new CliException(
              ExitCode.CONFIG_INVALID,
              file
                  + ": refused, nothing was changed (DESIGN rule 4):\n  "
                  + String.join("\n  ", unfit));
        }
        running.forEach(
            (n, m) -> {
              if (m.sessionTimeoutMs() <= 0) {
                System.err.println(
                    "warning: agent "
                        + n
                        + " does not publish its granted session timeout (an older agent);"
                        + " the change was not checked against it");
              }
            });
        store.apply(c, current.map(v -> v.version()).orElse(-1));
        current
            .map(v -> storedTimeout(v.value()))
            .filter(was -> was != null && !was.equals(c.cluster().sessionTimeout()))
            .ifPresent(
                was ->
                    System.out.println(
                        "cluster.sessionTimeout "
                            + Durations.format(was)
                            + " -> "
                            + Durations.format(c.cluster().sessionTimeout())
                            + ": takes effect at each agent's next start (running agents keep"
                            + " their sessions and granted timeouts)"));
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

  /**
   * Why {@code next} cannot run on the agents running now: one line per agent and service whose
   * emergency stop does not fit a third of the timeout that agent was granted.
   */
  static List<String> unfit(ClusterConfig next, Map<String, MemberInfo> running) {
    List<String> out = new ArrayList<>();
    running.forEach(
        (agent, info) -> {
          if (info.sessionTimeoutMs() <= 0) {
            return;
          }
          Duration granted = Duration.ofMillis(info.sessionTimeoutMs());
          for (ServiceConfig s : next.services().values()) {
            if (!EmergencyBudgetRule.fits(s, granted)) {
              out.add(
                  "agent "
                      + agent
                      + " was granted a session timeout of "
                      + Durations.format(granted)
                      + ": service "
                      + s.name()
                      + " needs "
                      + Durations.format(s.emergencyStopBudget())
                      + " for its emergency stop, more than a third ("
                      + Durations.format(EmergencyBudgetRule.limit(granted))
                      + "); lower termGrace/unmountTimeout, or raise the servers'"
                      + " maxSessionTimeout/tickTime and restart that agent");
            }
          }
        });
    return out;
  }

  private static Duration storedTimeout(String yaml) {
    try {
      return new ConfigParser().parse(yaml, "stored").cluster().sessionTimeout();
    } catch (ConfigException e) {
      return null;
    }
  }
}
