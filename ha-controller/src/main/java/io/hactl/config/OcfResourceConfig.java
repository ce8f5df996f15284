package io.hactl.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Any OCF resource agent ({@code ocf:PROVIDER:AGENT}) run as a resource, such as {@code
 * ocf:heartbeat:Filesystem} or {@code ocf:heartbeat:IPaddr2}. Timeouts not given in the file are
 * the agent's advised ones from its meta-data when the parser could read it.
 *
 * @param name resource name; also {@code OCF_RESOURCE_INSTANCE}
 * @param provider the agent's provider, e.g. {@code heartbeat}
 * @param agent the agent's type, e.g. {@code IPaddr2}
 * @param params instance parameters, passed as {@code OCF_RESKEY_<name>}
 * @param ocfRoot {@code OCF_ROOT}: agents live in {@code OCF_ROOT/resource.d/PROVIDER/AGENT}
 * @param monitorDepth {@code OCF_CHECK_LEVEL} of the periodic monitor (at least this deep)
 * @param emergencyStopTimeout deadline of {@code stop} in the emergency stop of DESIGN rule 4;
 *     defaults to {@code stopTimeout}, so an agent whose stop cannot fit must be given a shorter
 *     one explicitly
 */
public record OcfResourceConfig(
    String name,
    String provider,
    String agent,
    Map<String, String> params,
    Path ocfRoot,
    int monitorDepth,
    Duration startTimeout,
    Duration stopTimeout,
    Duration monitorInterval,
    Duration monitorTimeout,
    Duration emergencyStopTimeout,
    List<ResourceConfig> children)
    implements ResourceConfig {

  /** The default {@code OCF_ROOT}. */
  public static final Path DEFAULT_OCF_ROOT = Path.of("/usr/lib/ocf");

  /** Time allowed for a KILLed agent that overran its emergency stop to vanish. */
  public static final Duration KILL_WAIT = Duration.ofMillis(200);

  public OcfResourceConfig {
    params = Maps.ordered(params);
    children = List.copyOf(children);
  }

  /** {@code ocf:PROVIDER:AGENT}. */
  public String id() {
    return "ocf:" + provider + ":" + agent;
  }

  /** The agent's executable. */
  public Path agentPath() {
    return agentPath(ocfRoot, provider, agent);
  }

  /** Where {@code ocf:provider:agent} lives under {@code ocfRoot}. */
  public static Path agentPath(Path ocfRoot, String provider, String agent) {
    return ocfRoot.resolve("resource.d").resolve(provider).resolve(agent);
  }

  @Override
  public Duration emergencyBudget() {
    return emergencyStopTimeout.plus(KILL_WAIT);
  }
}
