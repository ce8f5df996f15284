package io.hactl.cli;

import io.hactl.agent.ExitCode;
import io.hactl.zk.auth.ZkAccess;
import io.hactl.zk.auth.ZkRole;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Finds the ZooKeeper credentials of a command: the directory given, else {@code
 * $HACTL_CREDENTIALS}, else {@code FILE.credentials} next to the configuration (where the embedded
 * server generates them), else {@value #SYSTEM_DIR}. When none of these is a credentials directory,
 * the command connects without authentication and says so on stderr.
 */
final class Credentials {
  static final String SYSTEM_DIR = "/etc/hactl/credentials";
  static final String ENV_DIR = "HACTL_CREDENTIALS";

  private Credentials() {}

  /** The credentials directory that goes with configuration file {@code config}. */
  static Path besideConfig(Path config) {
    return config.resolveSibling(config.getFileName() + ".credentials");
  }

  static ZkAccess access(Path given, Path config, List<ZkRole> roles, String root)
      throws CliException {
    Map<String, String> env = System.getenv();
    Path dir = given;
    if (dir == null && env.get(ENV_DIR) != null && !env.get(ENV_DIR).isEmpty()) {
      dir = Path.of(env.get(ENV_DIR));
    }
    if (dir == null && config != null && ZkAccess.isCredentialsDirectory(besideConfig(config))) {
      dir = besideConfig(config);
    }
    if (dir == null && ZkAccess.isCredentialsDirectory(Path.of(SYSTEM_DIR))) {
      dir = Path.of(SYSTEM_DIR);
    }
    if (dir == null) {
      System.err.println(
          "hactl: warning: no ZooKeeper credentials (--credentials, $"
              + ENV_DIR
              + ", "
              + (config == null ? "" : besideConfig(config) + ", ")
              + SYSTEM_DIR
              + "); connecting without authentication");
      return ZkAccess.open();
    }
    try {
      return ZkAccess.fromDirectory(dir, roles, root, env);
    } catch (IOException e) {
      throw new CliException(ExitCode.USAGE, "ZooKeeper credentials: " + e.getMessage());
    }
  }
}
