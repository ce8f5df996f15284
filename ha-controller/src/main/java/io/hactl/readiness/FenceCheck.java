package io.hactl.readiness;

import io.hactl.config.ClusterConfig;
import io.hactl.config.FenceDeviceConfig;
import io.hactl.config.NodeConfig;
import io.hactl.fencing.FenceAction;
import io.hactl.fencing.FenceAgent;
import io.hactl.fencing.FenceOutcome;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Checks that fence devices would work, without fencing: runs each device's {@code status} (never
 * {@code off}, {@code reboot} or {@code on}), which logs in to the device and reads the node's
 * power state, so a wrong password, an unreachable device or a missing agent shows before a
 * failover needs the device. Synchronous; takes at most the sum of the devices' timeouts. Secret
 * values are masked in every result. Stateless.
 */
public final class FenceCheck {
  private final FenceAgent agent;

  public FenceCheck(FenceAgent agent) {
    this.agent = agent;
  }

  /**
   * One device's result.
   *
   * @param node the node the device fences
   * @param level its level, from 1
   * @param device its position in the level, from 1
   * @param agent the device's program
   * @param ok whether {@code status} succeeded (power on or off)
   * @param detail the agent's outcome, secrets masked
   */
  public record DeviceCheck(
      String node, int level, int device, String agent, boolean ok, String detail) {
    /** A stable name of the device: {@code NODE level L device D}. */
    public String key() {
      return node + " level " + level + " device " + device;
    }
  }

  /** Checks every device of {@code nodes} (in configuration order); manual nodes have none. */
  public List<DeviceCheck> check(ClusterConfig config, Collection<String> nodes) {
    List<DeviceCheck> out = new ArrayList<>();
    for (NodeConfig n : config.nodes().values()) {
      if (!nodes.contains(n.name())) {
        continue;
      }
      for (int l = 0; l < n.fenceLevels().size(); l++) {
        List<FenceDeviceConfig> devices = n.fenceLevels().get(l).devices();
        for (int d = 0; d < devices.size(); d++) {
          if (Thread.currentThread().isInterrupted()) {
            return out;
          }
          FenceDeviceConfig dc = devices.get(d);
          FenceOutcome o = agent.run(n.name(), dc.toDevice(), FenceAction.STATUS);
          out.add(new DeviceCheck(n.name(), l + 1, d + 1, dc.agent(), o.success(), o.detail()));
        }
      }
    }
    return out;
  }
}
