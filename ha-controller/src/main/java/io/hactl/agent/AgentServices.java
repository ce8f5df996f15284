package io.hactl.agent;

import io.hactl.config.ClusterConfig;
import io.hactl.config.ClusterSettings;
import io.hactl.config.OcfAgentCatalog;
import io.hactl.fencing.FenceAttemptListener;
import io.hactl.time.Sleeper;
import io.hactl.time.Ticker;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * The node-local collaborators of an agent: how it fences, builds resource trees, cleans up its own
 * leftovers and fences itself, and its clocks. One wiring place (the command) builds the real ones;
 * tests build their own.
 */
public interface AgentServices {
  /**
   * How this agent fences other nodes; {@code attempts} hears every device call (failed or not, and
   * the power-on that follows a reboot fence), for the history.
   */
  NodeFencing fencing(Supplier<ClusterConfig> config, FenceAttemptListener attempts);

  ManagedTree.Factory trees(Supplier<ClusterConfig> config, String node);

  SelfCleanup selfCleanup(Supplier<ClusterConfig> config);

  SelfFence selfFence(ClusterSettings.SelfFence policy);

  /**
   * What the agent knows of this node's OCF agents when it parses a stored configuration: their
   * parameters and advised timeouts. By default nothing (parameters unchecked, fixed defaults).
   */
  default OcfAgentCatalog ocfAgents() {
    return OcfAgentCatalog.UNCHECKED;
  }

  default Ticker ticker() {
    return Ticker.SYSTEM;
  }

  /** The agent's one real sleeper (the join loop's waits). */
  default Sleeper sleeper() {
    return Sleeper.SYSTEM;
  }

  default Clock clock() {
    return Clock.systemUTC();
  }

  /** How long a BLOCKED owner waits between fence attempts. */
  default Duration fenceRetry() {
    return Duration.ofSeconds(5);
  }

  /**
   * The fence agent that runs the periodic device checks ({@code status} only), or empty for none
   * (fake collaborators in tests).
   */
  default java.util.Optional<io.hactl.fencing.FenceAgent> readinessAgent() {
    return java.util.Optional.empty();
  }
}
