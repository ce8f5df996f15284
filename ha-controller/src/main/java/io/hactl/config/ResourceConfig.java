package io.hactl.config;

import java.time.Duration;
import java.util.List;

/** One resource of a service's tree. */
public sealed interface ResourceConfig
    permits FsResourceConfig, ExecResourceConfig, OcfResourceConfig {
  /** Name, unique inside its service. */
  String name();

  /** Resources started after this one and stopped before it. */
  List<ResourceConfig> children();

  /** Deadline of start. */
  Duration startTimeout();

  /** Deadline of a graceful stop (planned relocation, disable, shutdown). */
  Duration stopTimeout();

  /** How often the owner monitors this resource; zero disables the periodic monitor. */
  Duration monitorInterval();

  /** Deadline of one monitor. */
  Duration monitorTimeout();

  /** Worst-case time of this resource's part of the emergency stop (DESIGN rule 4). */
  Duration emergencyBudget();
}
