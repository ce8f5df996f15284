package io.hactl.cli;

import io.hactl.agent.ExitCode;
import io.hactl.config.ClusterConfig;
import io.hactl.zk.Checked;
import io.hactl.zk.ConfigStore;
import io.hactl.zk.ZkLayout;
import java.util.concurrent.Callable;
import org.apache.curator.framework.CuratorFramework;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** Prints the configuration stored in the cluster, normalized, with its secrets masked. */
@Command(
    name = "show",
    header = "Print the configuration stored in the cluster (secrets masked).",
    mixinStandardHelpOptions = true,
    description = {
      "Print the configuration the agents run with, as stored in ZooKeeper: normalized YAML",
      "(keys sorted, comments gone), every secret-valued option shown as "
          + ConfigText.MASK
          + "; files named",
      "under `secrets:` are references and are shown. Compare it with a file using",
      "`hactl config diff FILE`.",
      "Exit 0; 3 when the stored configuration is corrupt (the message names the znode);",
      "6 when none is stored."
    })
final class ConfigShowCommand implements Callable<Integer> {
  @Mixin ClusterOptions cluster;

  @Override
  public Integer call() throws Exception {
    ZkLayout layout = cluster.layout();
    try (CuratorFramework client = cluster.connect()) {
      ConfigStore store = new ConfigStore(client, layout);
      Checked<ClusterConfig> stored = store.readChecked().orElseThrow(() -> nothingAt(layout));
      if (stored instanceof Checked.Corrupt<ClusterConfig> bad) {
        throw new CliException(
            ExitCode.CONFIG_INVALID,
            bad + "; repair it with `hactl config apply FILE --yes` from a good file");
      }
      ClusterConfig c = stored.value().orElseThrow();
      int version = store.read().map(v -> v.version()).orElse(-1);
      System.out.printf(
          "# configuration of cluster %s stored at %s (version %d); secrets masked%n",
          c.cluster().name(), layout.config(), version);
      System.out.print(ConfigText.normalized(c.source()));
      return ExitCode.OK.code();
    }
  }

  static CliException nothingAt(ZkLayout layout) {
    return new CliException(
        ExitCode.REFUSED,
        "no configuration stored at "
            + layout.config()
            + " (wrong --cluster? store one with `hactl config apply FILE`)");
  }
}
