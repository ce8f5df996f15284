package io.hactl.agent;

import io.hactl.fencing.FenceAttempt;
import java.time.Duration;
import org.apache.curator.framework.state.ConnectionState;

/**
 * Hears what an agent does, as it happens: the seam for metrics, health endpoints and alert hooks.
 * The agent calls every method on the thread where the event happens (a service's worker, a fence
 * thread, Curator's event thread), so an implementation must return at once: update memory or hand
 * the event to its own thread, never block, never call ZooKeeper. An exception an observer throws
 * is logged and ignored. Every method does nothing by default.
 */
public interface AgentObserver {
  /** The agent joined its cluster with {@code sessionTimeout} granted. */
  default void joined(String node, Duration sessionTimeout) {}

  /** The ZooKeeper connection changed; {@code sessionTimeout} is the one granted last. */
  default void connection(ConnectionState state, Duration sessionTimeout) {}

  /** One state transition of a service on this node (as recorded in the history). */
  default void transition(ServiceStatus status, ServiceState from, String reason) {}

  /** One monitor pass of a RUNNING service: how long it took and whether it was healthy. */
  default void monitored(String service, Duration latency, boolean healthy) {}

  /** A good check of a RUNNING service (its status carries the check's time). */
  default void checked(ServiceStatus status) {}

  /**
   * Any other event recorded in the history for a service ({@code fence}, {@code failure}, {@code
   * ban}, {@code disable}, {@code error}, ...); {@code service} is null for node-wide events.
   */
  default void event(String service, String kind, String message) {}

  /** One fence device call, failed or not. */
  default void fenceAttempt(FenceAttempt attempt) {}
}
