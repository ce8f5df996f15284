package io.hactl.cli;

import io.hactl.agent.ExitCode;
import io.hactl.config.ClusterConfig;
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
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Validates and applies cluster configuration files. */
@Command(
    name = "config",
    mixinStandardHelpOptions = true,
    description = "Validate a configuration file, show or compare the stored one, or store a file.",
    subcommands = {
      ConfigCommand.Validate.class,
      ConfigShowCommand.class,
      ConfigDiffCommand.class,
      ConfigApplyCommand.class
    })
final class ConfigCommand {
  static final String OFFLINE =
      "This machine is not a node: a fence agent not installed here is a warning (its options"
          + " unchecked), not an error. Agents broken here are still errors.";

  static ClusterConfig parse(Path file, boolean offline) throws CliException {
    InstalledFenceAgents fenceAgents = InstalledFenceAgents.here(offline);
    try {
      ClusterConfig config =
          new ConfigParser(new MetaDataCatalog(new ProcessRunner()), fenceAgents).parseFile(file);
      ConfigStore.checkSize(config, file.toString());
      fenceAgents.warnings().forEach(w -> System.err.println("warning: " + file + ": " + w));
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
      c.nodes().values().stream()
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

  static Duration storedTimeout(String yaml) {
    try {
      return new ConfigParser().parse(yaml, "stored").cluster().sessionTimeout();
    } catch (ConfigException e) {
      return null;
    }
  }
}
