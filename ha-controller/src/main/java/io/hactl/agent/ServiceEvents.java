package io.hactl.agent;

import java.time.Duration;

/**
 * Where a service controller reports what happens: state published for {@code hactl status} and
 * events appended to the history. Implementations must not block (they write in the background).
 */
public interface ServiceEvents {
  /** One state transition of a service on this node. */
  void transition(ServiceStatus status, ServiceState from, String reason);

  /**
   * A check of a RUNNING service worth publishing (its checks fell behind, or caught up again):
   * republishes its status (with the last good check's time) for {@code hactl status}; no history
   * entry.
   */
  void checked(ServiceStatus status);

  /**
   * A routine good check of a RUNNING service whose status stays as published (watched): nothing is
   * written to ZooKeeper; only the agent's own observers (health endpoints, metrics) hear of it.
   */
  default void checkedAtRest(ServiceStatus status) {}

  /** One monitor pass of a RUNNING service: how long it took, whether it found it healthy. */
  default void monitored(String service, Duration latency, boolean healthy) {}

  /** Any other event worth an operator's attention (fence attempts, commands, bans). */
  void event(String service, String kind, String message);

  /** Records that this node keeps off {@code service} until {@code untilMillis} (wall clock). */
  void ban(String service, long untilMillis, String reason);

  /** Disables {@code service} (recovery policy {@code disable}). */
  void disable(String service, String reason);

  /**
   * Answers an operator request for this node: carried out ({@code ok}) or rejected, with what was
   * done or why not. The command that made the request sees it and ends.
   */
  void answer(String service, String requestId, boolean ok, String message);

  /** Lifts the ban that keeps {@code banned} off {@code service} (an operator's clear). */
  void liftBan(String service, String banned);
}
