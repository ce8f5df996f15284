package io.hactl.cli;

import io.hactl.agent.ExitCode;
import io.hactl.config.ClearTextSecrets;
import io.hactl.config.ClusterConfig;
import io.hactl.config.ConfigError;
import io.hactl.config.ConfigException;
import io.hactl.config.Durations;
import io.hactl.zk.ConfigStore;
import io.hactl.zk.MemberInfo;
import io.hactl.zk.RunningAgents;
import io.hactl.zk.ZkLayout;
import java.io.Console;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.KeeperException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Stores a validated configuration file in the cluster after showing what changes and asking. It
 * refuses a cluster name that is not on the ensemble when other clusters are (a typo would start a
 * second, empty cluster) unless told {@code --new-cluster}.
 */
@Command(
    name = "apply",
    header = "Validate a file, show the change, then store it in the cluster.",
    mixinStandardHelpOptions = true,
    description = {
      "Validate FILE, show what changes (the diff of `hactl config diff FILE`), ask, then store",
      "it in the cluster's ZooKeeper; running agents pick it up without restart. A file with",
      "any error is rejected whole and the stored configuration stays as it was. The cluster",
      "is found through FILE itself unless --zookeeper is given.",
      "",
      "Without a terminal to ask on, it applies only with --yes. --dry-run shows the change",
      "and every check, and changes nothing.",
      "",
      "cluster.name chooses which cluster FILE is stored as. When that cluster does not exist",
      "on the ensemble but others do, it is refused (a typo in the name would start a second,",
      "empty cluster); give --new-cluster to create it. On an ensemble with no cluster yet",
      "the first apply says it creates one.",
      "",
      "Every running agent publishes the session timeout ZooKeeper granted it; a change whose",
      "emergency stop does not fit a third of ANY running agent's granted timeout is refused",
      "(DESIGN rule 4), naming the agent. A new cluster.sessionTimeout is what agents request",
      "at their next start; running agents keep the session they have.",
      "",
      "Exit 0 applied (or nothing to change, or a dry run), 1 declined at the prompt,",
      "2 no terminal and no --yes, 3 invalid or refused by rule 4, 6 unknown cluster name."
    })
final class ConfigApplyCommand implements Callable<Integer> {
  @Parameters(paramLabel = "FILE", description = "Configuration file to apply.")
  Path file;

  @Mixin ClusterOptions cluster;

  @Option(names = "--offline", description = ConfigCommand.OFFLINE)
  boolean offline;

  @Option(
      names = {"-y", "--yes"},
      description = "Apply without asking (needed without a terminal).")
  boolean yes;

  @Option(
      names = {"-n", "--dry-run"},
      description = "Validate, run every check and show the change; store nothing.")
  boolean dryRun;

  @Option(
      names = "--new-cluster",
      description = "Create FILE's cluster on an ensemble that holds other clusters.")
  boolean newCluster;

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
    ClusterConfig c = ConfigCommand.parse(file, offline);
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
      ZkLayout layout = new ZkLayout(c.cluster().root());
      ConfigStore store = new ConfigStore(client, layout);
      var current = store.read();
      if (current.isPresent() && current.get().value().equals(c.source())) {
        System.out.println(file + ": identical to the stored configuration; nothing to do");
        return ExitCode.OK.code();
      }
      if (current.isEmpty()) {
        checkNewCluster(client, c);
      } else if (newCluster) {
        throw new CliException(
            ExitCode.REFUSED,
            "cluster "
                + c.cluster().name()
                + " already exists on this ensemble; --new-cluster only creates one. Nothing was"
                + " changed.");
      }
      System.out.print(
          ConfigDiffCommand.diff(current.map(v -> v.value()).orElse(null), layout, c, file));
      Map<String, MemberInfo> running = RunningAgents.read(client, layout);
      List<String> unfit = ConfigCommand.unfit(c, running);
      if (!unfit.isEmpty()) {
        throw new CliException(
            ExitCode.CONFIG_INVALID,
            file
                + ": refused, nothing was changed (DESIGN rule 4):\n  "
                + String.join("\n  ", unfit));
      }
      warnUnchecked(running);
      if (dryRun) {
        System.out.println("dry run: every check passed; nothing was changed");
        return ExitCode.OK.code();
      }
      if (!yes && !confirmed(c)) {
        System.out.println("not applied; nothing was changed");
        return ExitCode.FAILURE.code();
      }
      store.apply(c, current.map(v -> v.version()).orElse(-1));
      // Who applied it, in the history; a failure to record only warns (it is stored).
      cluster.record(
          client,
          c,
          null,
          "config apply: "
              + file.getFileName()
              + " stored"
              + current.map(v -> " (replacing version " + v.version() + ")").orElse(""));
      current
          .map(v -> ConfigCommand.storedTimeout(v.value()))
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
                  : " (a new cluster)"));
      return ExitCode.OK.code();
    }
  }

  /** A cluster not on the ensemble: refused beside other clusters unless --new-cluster. */
  private void checkNewCluster(CuratorFramework client, ClusterConfig c) throws Exception {
    List<String> others = clustersOn(client, c.cluster().chroot());
    String name = c.cluster().name();
    if (!others.isEmpty() && !newCluster) {
      throw new CliException(
          ExitCode.REFUSED,
          file
              + ": cluster.name "
              + name
              + " is not on this ensemble, which holds "
              + String.join(", ", others)
              + " (under "
              + c.cluster().chroot()
              + "). A typo in the name would start a second, empty cluster. Fix cluster.name,"
              + " or give --new-cluster to create "
              + name
              + ". Nothing was changed.");
    }
    System.out.println(
        others.isEmpty()
            ? "no cluster on this ensemble yet: this creates cluster " + name
            : "this creates cluster " + name + " beside " + String.join(", ", others));
  }

  /** Names of the clusters under {@code chroot} that have a stored configuration (at most 100). */
  static List<String> clustersOn(CuratorFramework client, String chroot) throws Exception {
    List<String> out = new ArrayList<>();
    String base = chroot.endsWith("/") ? chroot : chroot + "/";
    for (String child : ClusterSnapshot.children(client, base.substring(0, base.length() - 1))) {
      if (out.size() >= 100) {
        break;
      }
      try {
        if (client.checkExists().forPath(new ZkLayout(base + child).config()) != null) {
          out.add(child);
        }
      } catch (KeeperException.NoAuthException e) {
        out.add(child); // someone else's cluster: it exists all the same
      }
    }
    return out;
  }

  private boolean confirmed(ClusterConfig c) throws CliException {
    Console console = System.console();
    if (console == null) {
      throw new CliException(
          ExitCode.USAGE,
          "not applied: no terminal to ask on. Add --yes to apply without asking, or"
              + " --dry-run to only see the change. Nothing was changed.");
    }
    String answer = console.readLine("Apply this to cluster %s? [y/N] ", c.cluster().name());
    return answer != null && List.of("y", "yes").contains(answer.trim().toLowerCase(Locale.ROOT));
  }

  private static void warnUnchecked(Map<String, MemberInfo> running) {
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
  }
}
