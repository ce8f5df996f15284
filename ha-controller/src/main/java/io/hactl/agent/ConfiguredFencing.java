package io.hactl.agent;

import io.hactl.config.ClusterConfig;
import io.hactl.config.FenceDeviceConfig;
import io.hactl.config.FenceLevel;
import io.hactl.config.NodeConfig;
import io.hactl.fencing.FenceAttemptListener;
import io.hactl.fencing.FenceDevice;
import io.hactl.fencing.FenceTarget;
import io.hactl.fencing.NodeFenceResult;
import io.hactl.fencing.NodeFencer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Fences nodes through the levels of the current configuration with the fencing module's {@link
 * NodeFencer}, telling a listener about every device call (for the history). Secret options are
 * read from their files on this node at fence time. Synchronous; bounded by the devices' timeouts.
 */
public final class ConfiguredFencing implements NodeFencing {
  private final Supplier<ClusterConfig> config;
  private final NodeFencer fencer;
  private final FenceAttemptListener attempts;

  public ConfiguredFencing(
      Supplier<ClusterConfig> config, NodeFencer fencer, FenceAttemptListener attempts) {
    this.config = config;
    this.fencer = fencer;
    this.attempts = attempts;
  }

  @Override
  public String fence(String node) throws FenceFailedException {
    NodeConfig n =
        config
            .get()
            .node(node)
            .orElseThrow(
                () -> new FenceFailedException("node " + node + " is not in the configuration"));
    NodeFenceResult result = fencer.fence(new FenceTarget(node, levels(n)), attempts);
    if (!result.success()) {
      throw new FenceFailedException(result.outcome().detail());
    }
    return result.outcome().detail();
  }

  /** The fencing module's levels of {@code n}, secret files included. */
  public static List<List<FenceDevice>> levels(NodeConfig n) {
    List<List<FenceDevice>> out = new ArrayList<>();
    for (FenceLevel level : n.fenceLevels()) {
      List<FenceDevice> devices = new ArrayList<>();
      for (FenceDeviceConfig d : level.devices()) {
        devices.add(d.toDevice());
      }
      out.add(devices);
    }
    return out;
  }
}
