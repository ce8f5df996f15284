package io.hactl.config;

import java.util.List;

/**
 * One node of the cluster.
 *
 * @param name node name, as given to {@code hactl agent --node}
 * @param address host name or address, for operators and fence devices
 * @param fenceLevels fence levels, tried in order; all devices of a level must succeed
 * @param manualFenceOnly the node is marked {@code fence: manual}: it has no fence device, and a
 *     takeover from it after an unclean loss waits for {@code hactl fence ack}
 */
public record NodeConfig(
    String name, String address, List<FenceLevel> fenceLevels, boolean manualFenceOnly) {
  /** What {@code fence: manual} means, for error messages, {@code config validate} and help. */
  public static final String MANUAL_MEANING =
      "accepts manual acknowledgement only: a failover away from it after it was lost uncleanly"
          + " waits (service BLOCKED) until an operator has checked it is dead and run `hactl"
          + " fence ack NODE`";

  public NodeConfig {
    fenceLevels = List.copyOf(fenceLevels);
    if (manualFenceOnly && !fenceLevels.isEmpty()) {
      throw new IllegalArgumentException("a node marked fence: manual has no fence levels");
    }
  }

  /** A node with fence levels (not marked manual). */
  public NodeConfig(String name, String address, List<FenceLevel> fenceLevels) {
    this(name, address, fenceLevels, false);
  }
}
