package io.hactl.cli;

import io.hactl.agent.ExitCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where commands find an embedded ZooKeeper server: the process that runs it writes its connect
 * string to {@code FILE.zk} next to the configuration file.
 */
final class EmbeddedConnect {
  private EmbeddedConnect() {}

  static Path fileFor(Path config) {
    return config.resolveSibling(config.getFileName() + ".zk");
  }

  static String read(Path config) throws CliException {
    Path f = fileFor(config);
    try {
      return Files.readString(f).trim();
    } catch (IOException e) {
      throw new CliException(
          ExitCode.ZK_UNAVAILABLE,
          "cluster.zookeeper is 'embedded' but no embedded server is running for "
              + config
              + " ("
              + f
              + " is missing); start one with `hactl zookeeper --config "
              + config
              + "` or give --zookeeper");
    }
  }
}
