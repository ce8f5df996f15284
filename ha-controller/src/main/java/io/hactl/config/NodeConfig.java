package io.hactl.config;

import java.util.List;

/**
 * One node of the cluster.
 *
 * @param name node name, as given to {@code hactl agent --node}
 * @param address host name or address, for operators and fence devices
 * @param fenceLevels fence levels, tried in order; all devices of a level must succeed
 */
public record NodeConfig(String name, String address, List<FenceLevel> fenceLevels) {
  public NodeConfig {
    fenceLevels = List.copyOf(fenceLevels);
  }
}
