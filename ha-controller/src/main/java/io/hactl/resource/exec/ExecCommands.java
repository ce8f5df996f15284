package io.hactl.resource.exec;

import io.hactl.config.ExecResourceConfig;
import io.hactl.process.ProcessSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the process specs of one exec resource: the daemon and its ready and monitor commands, all
 * with the same user ({@code runuser -u USER --}), environment and working directory. The
 * environment is the resource's own variables overlaid by the agent's base environment ({@code
 * HACTL_*}), so a configuration cannot fake the cluster, service or epoch.
 */
final class ExecCommands {
  private final ExecResourceConfig cfg;
  private final Map<String, String> environment;

  ExecCommands(ExecResourceConfig cfg, Map<String, String> baseEnvironment) {
    this.cfg = cfg;
    Map<String, String> env = new LinkedHashMap<>(cfg.environment());
    env.putAll(baseEnvironment);
    this.environment = Collections.unmodifiableMap(env);
  }

  Map<String, String> environment() {
    return environment;
  }

  /** The daemon itself; {@code timeout} bounds a forking daemon's start command. */
  ProcessSpec daemon(Duration timeout) {
    return spec(cfg.name(), cfg.command(), timeout);
  }

  ProcessSpec ready(Duration timeout) {
    return spec("ready " + cfg.name(), cfg.ready(), timeout);
  }

  ProcessSpec monitor(Duration timeout) {
    return spec("monitor " + cfg.name(), cfg.monitor(), timeout);
  }

  private ProcessSpec spec(String label, List<String> command, Duration timeout) {
    return new ProcessSpec(
        label, asUser(command), environment, cfg.workdir(), null, timeout, cfg.termGrace());
  }

  private List<String> asUser(List<String> command) {
    if (cfg.user() == null) {
      return command;
    }
    List<String> out = new ArrayList<>(List.of("runuser", "-u", cfg.user(), "--"));
    out.addAll(command);
    return out;
  }
}
