package io.hactl.resource.ocf;

import io.hactl.config.OcfResourceConfig;
import io.hactl.process.ProcessSpec;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How to call one configured OCF agent: its program and the OCF environment of each action ({@code
 * OCF_ROOT}, {@code OCF_RESOURCE_INSTANCE}, {@code OCF_RESOURCE_TYPE}, {@code
 * OCF_RESOURCE_PROVIDER}, {@code OCF_RESKEY_<param>}, {@code OCF_CHECK_LEVEL}, {@code
 * OCF_RESKEY_CRM_meta_timeout} and {@code ..._interval} in milliseconds). It only builds specs; who
 * runs them decides the guard. Immutable.
 */
public final class OcfAgent {
  /** Time a timed-out agent gets between TERM and KILL. */
  static final Duration KILL_GRACE = Duration.ofMillis(500);

  private final OcfResourceConfig cfg;
  private final Map<String, String> base;

  /**
   * @param baseEnvironment variables the agent sets for every process of the term ({@code
   *     HACTL_*}), passed on to the OCF agent
   */
  public OcfAgent(OcfResourceConfig cfg, Map<String, String> baseEnvironment) {
    this.cfg = cfg;
    Map<String, String> env = new LinkedHashMap<>(baseEnvironment);
    env.put("OCF_ROOT", cfg.ocfRoot().toString());
    env.put("OCF_RA_VERSION_MAJOR", "1");
    env.put("OCF_RA_VERSION_MINOR", "1");
    env.put("OCF_RESOURCE_INSTANCE", cfg.name());
    env.put("OCF_RESOURCE_TYPE", cfg.agent());
    env.put("OCF_RESOURCE_PROVIDER", cfg.provider());
    cfg.params().forEach((k, v) -> env.put("OCF_RESKEY_" + k, v));
    this.base = Map.copyOf(env);
  }

  public OcfResourceConfig config() {
    return cfg;
  }

  /**
   * The spec of {@code action} with {@code timeout} as both the run's deadline and {@code
   * OCF_RESKEY_CRM_meta_timeout}.
   *
   * @param depth {@code OCF_CHECK_LEVEL}
   * @param interval {@code OCF_RESKEY_CRM_meta_interval}: zero for a probe and every non-monitor
   */
  public ProcessSpec spec(String action, Duration timeout, int depth, Duration interval) {
    Map<String, String> env = new LinkedHashMap<>(base);
    env.put("OCF_CHECK_LEVEL", Integer.toString(depth));
    env.put("OCF_RESKEY_CRM_meta_timeout", Long.toString(timeout.toMillis()));
    env.put("OCF_RESKEY_CRM_meta_interval", Long.toString(interval.toMillis()));
    return new ProcessSpec(
        cfg.name() + " " + action,
        List.of(cfg.agentPath().toString(), action),
        env,
        null,
        null,
        timeout,
        KILL_GRACE);
  }

  /** A spec of a non-monitor action, at depth 0 and interval 0. */
  public ProcessSpec spec(String action, Duration timeout) {
    return spec(action, timeout, 0, Duration.ZERO);
  }
}
