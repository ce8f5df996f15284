package io.hactl.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the parser may learn about an installed OCF agent (its parameters and advised timeouts, from
 * its meta-data) to check {@code type: ocf} resources against it. The real one runs the agent on
 * this machine; {@link #UNCHECKED} knows nothing, for readers of an already validated configuration
 * on a machine that need not have the agents (a status command).
 */
public interface OcfAgentCatalog {
  /**
   * Describes {@code ocf:provider:agent} under {@code ocfRoot}.
   *
   * @return the agent's description, or empty when this catalog does not check agents
   * @throws Unusable when the agent is missing, not executable, or its meta-data is unusable; the
   *     message names the path and the problem
   */
  Optional<AgentInfo> describe(Path ocfRoot, String provider, String agent) throws Unusable;

  /** A catalog that checks nothing: parameters are not checked, timeouts use fixed defaults. */
  OcfAgentCatalog UNCHECKED = (root, provider, agent) -> Optional.empty();

  /**
   * What the meta-data of an agent says.
   *
   * @param parameters every parameter name, in the meta-data's order
   * @param required the names of the required parameters
   * @param advisedTimeouts advised timeout per action name ({@code start}, {@code stop}, ...)
   * @param advisedMonitorInterval the advised interval of the recurring monitor, if any
   */
  record AgentInfo(
      List<String> parameters,
      Set<String> required,
      Map<String, Duration> advisedTimeouts,
      Optional<Duration> advisedMonitorInterval) {
    public AgentInfo {
      parameters = List.copyOf(parameters);
      required = Set.copyOf(required);
      advisedTimeouts = Map.copyOf(advisedTimeouts);
    }
  }

  /** The agent cannot be used; the message says why and names the path. */
  final class Unusable extends Exception {
    public Unusable(String message) {
      super(message);
    }
  }
}
