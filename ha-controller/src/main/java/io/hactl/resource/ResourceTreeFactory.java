package io.hactl.resource;

import io.hactl.config.ServiceConfig;
import java.util.Map;

/** Builds the resource tree of a service for one ownership term; the agent's seam for tests. */
@FunctionalInterface
public interface ResourceTreeFactory {
  /**
   * @param environment the agent's base environment for daemons ({@code HACTL_CLUSTER}, {@code
   *     HACTL_SERVICE}, {@code HACTL_NODE}, {@code HACTL_EPOCH})
   * @param clusterId written into every epoch file
   * @param epoch this term's fencing token, written into every epoch file
   */
  ResourceTree create(
      ServiceConfig service,
      ActionGuard guard,
      Map<String, String> environment,
      String clusterId,
      long epoch);

  /** Trees of real resources. */
  static ResourceTreeFactory standard() {
    return using(ResourceFactory.standard());
  }

  /** Trees whose resources come from {@code resources} (fakes, in tests of the agent). */
  static ResourceTreeFactory using(ResourceFactory resources) {
    return (service, guard, environment, clusterId, epoch) ->
        new ResourceTree(service, guard, environment, clusterId, epoch, resources);
  }
}
