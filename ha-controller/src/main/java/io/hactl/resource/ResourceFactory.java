package io.hactl.resource;

import io.hactl.config.ExecResourceConfig;
import io.hactl.config.FsResourceConfig;
import io.hactl.config.OcfResourceConfig;
import io.hactl.config.ResourceConfig;
import io.hactl.resource.exec.ExecResource;
import io.hactl.resource.fs.FsResource;
import io.hactl.resource.ocf.OcfResource;
import java.util.Map;

/** Builds the live resource of one configured resource for one ownership term. */
@FunctionalInterface
public interface ResourceFactory {
  /**
   * @param environment the agent's base environment for daemons ({@code HACTL_*})
   */
  Resource create(ResourceConfig config, ActionGuard guard, Map<String, String> environment);

  /** Real mounts, real daemons and real OCF agents. */
  static ResourceFactory standard() {
    return (config, guard, environment) -> {
      if (config instanceof FsResourceConfig fs) {
        return new FsResource(fs, guard);
      }
      if (config instanceof OcfResourceConfig ocf) {
        return new OcfResource(ocf, guard, environment);
      }
      return new ExecResource((ExecResourceConfig) config, guard, environment);
    };
  }
}
