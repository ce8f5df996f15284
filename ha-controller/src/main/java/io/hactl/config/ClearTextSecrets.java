package io.hactl.config;

import java.util.ArrayList;
import java.util.List;

/**
 * Finds fence-device options whose secret value is written in clear in a configuration, which
 * {@code config apply} would store in ZooKeeper (DESIGN rule 8). It does not look at secrets a
 * daemon's command line or environment may carry.
 */
public final class ClearTextSecrets {
  private ClearTextSecrets() {}

  /** Each as a configuration error naming the field and the fix; empty when there is none. */
  public static List<ConfigError> find(ClusterConfig config, String fileName) {
    List<ConfigError> out = new ArrayList<>();
    for (NodeConfig node : config.nodes().values()) {
      List<FenceLevel> levels = node.fenceLevels();
      for (int l = 0; l < levels.size(); l++) {
        List<FenceDeviceConfig> devices = levels.get(l).devices();
        for (int d = 0; d < devices.size(); d++) {
          String device = "nodes." + node.name() + ".fence[" + l + "][" + d + "]";
          for (String key : devices.get(d).clearTextSecrets()) {
            out.add(
                new ConfigError(
                    fileName,
                    device + ".options." + key,
                    "a secret in clear text would be stored in ZooKeeper; put the value in a file"
                        + " on each node (one line, chmod 600) and write "
                        + device
                        + ".secrets: {"
                        + key
                        + ": /etc/hactl/secrets/FILE} instead, or give"
                        + " --allow-clear-text-secrets"));
          }
        }
      }
    }
    return out;
  }
}
