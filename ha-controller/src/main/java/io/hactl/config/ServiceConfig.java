package io.hactl.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A service: what fails over as a whole.
 *
 * @param name service name
 * @param domain name of its failover domain
 * @param enabled whether agents should run it
 * @param recovery what to do when a resource fails
 * @param resources top-level resources; each starts before its children and stops after them
 */
public record ServiceConfig(
    String name,
    String domain,
    boolean enabled,
    RecoveryPolicy recovery,
    List<ResourceConfig> resources) {

  public ServiceConfig {
    resources = List.copyOf(resources);
  }

  /** Every resource of the tree, parents before children (start order). */
  public List<ResourceConfig> startOrder() {
    List<ResourceConfig> out = new ArrayList<>();
    for (ResourceConfig r : resources) {
      addDepthFirst(r, out);
    }
    return out;
  }

  private static void addDepthFirst(ResourceConfig r, List<ResourceConfig> out) {
    out.add(r);
    for (ResourceConfig c : r.children()) {
      addDepthFirst(c, out);
    }
  }

  /**
   * Worst-case time of the emergency stop of DESIGN rule 4: every resource's emergency budget,
   * added up, since they are stopped one after another (children first).
   */
  public Duration emergencyStopBudget() {
    Duration total = Duration.ZERO;
    for (ResourceConfig r : startOrder()) {
      total = total.plus(r.emergencyBudget());
    }
    return total;
  }
}
