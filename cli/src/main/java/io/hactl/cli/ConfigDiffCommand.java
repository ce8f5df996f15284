package io.hactl.cli;

import io.hactl.agent.ExitCode;
import io.hactl.config.ClusterConfig;
import io.hactl.zk.ConfigStore;
import io.hactl.zk.ZkLayout;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.apache.curator.framework.CuratorFramework;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Compares the stored configuration with a file, as a unified diff of their normalized YAML. */
@Command(
    name = "diff",
    header = "Compare the stored configuration with a file.",
    mixinStandardHelpOptions = true,
    description = {
      "Validate FILE, then print what `hactl config apply FILE` would change: a unified diff",
      "from the stored configuration to FILE, both normalized (keys sorted, comments and",
      "quoting gone) and with secrets masked. The cluster is found through FILE itself",
      "unless --zookeeper is given.",
      "Exit 0 when they are the same, 1 when they differ (or nothing is stored), 3 when FILE",
      "is invalid."
    })
final class ConfigDiffCommand implements Callable<Integer> {
  @Parameters(paramLabel = "FILE", description = "Configuration file to compare.")
  Path file;

  @Mixin ClusterOptions cluster;

  @Option(names = "--offline", description = ConfigCommand.OFFLINE)
  boolean offline;

  @Override
  public Integer call() throws Exception {
    ClusterConfig c = ConfigCommand.parse(file, offline);
    cluster.config = cluster.config == null || cluster.zookeeper == null ? file : cluster.config;
    ZkLayout layout = new ZkLayout(c.cluster().root());
    try (CuratorFramework client = cluster.connect()) {
      var stored = new ConfigStore(client, layout).read();
      String diff = diff(stored.map(v -> v.value()).orElse(null), layout, c, file);
      System.out.print(diff.isEmpty() ? file + ": same as the stored configuration\n" : diff);
      return diff.isEmpty() ? ExitCode.OK.code() : ExitCode.FAILURE.code();
    }
  }

  /** The diff from {@code stored} (null: nothing stored) to {@code next}, labelled. */
  static String diff(String stored, ZkLayout layout, ClusterConfig next, Path file) {
    return ConfigText.diff(
        stored == null
            ? "(nothing stored at " + layout.config() + ")"
            : "stored " + layout.config(),
        stored == null ? "" : ConfigText.normalized(stored),
        file.toString(),
        ConfigText.normalized(next.source()));
  }
}
