package io.hactl.agent;

import java.time.Duration;
import java.time.Instant;

/**
 * A {@link ServiceEvents} that records through another one, then tells the agent's observers: the
 * one place where a controller's events reach metrics, health endpoints and alert hooks.
 */
final class ObservedServiceEvents implements ServiceEvents {
  private final ServiceEvents recorded;
  private final AgentObserver observer;

  ObservedServiceEvents(ServiceEvents recorded, AgentObserver observer) {
    this.recorded = recorded;
    this.observer = observer;
  }

  @Override
  public void transition(ServiceStatus status, ServiceState from, String reason) {
    recorded.transition(status, from, reason);
    observer.transition(status, from, reason);
  }

  @Override
  public void checked(ServiceStatus status) {
    recorded.checked(status);
    observer.checked(status);
  }

  @Override
  public void checkedAtRest(ServiceStatus status) {
    recorded.checkedAtRest(status);
    observer.checked(status);
  }

  @Override
  public void monitored(String service, Duration latency, boolean healthy) {
    recorded.monitored(service, latency, healthy);
    observer.monitored(service, latency, healthy);
  }

  @Override
  public void event(String service, String kind, String message) {
    recorded.event(service, kind, message);
    observer.event(service, kind, message);
  }

  @Override
  public void ban(String service, long untilMillis, String reason) {
    recorded.ban(service, untilMillis, reason);
    observer.event(
        service, "ban", "keeps off until " + Instant.ofEpochMilli(untilMillis) + ": " + reason);
  }

  @Override
  public void disable(String service, String reason) {
    recorded.disable(service, reason);
    observer.event(service, "disable", "disabled by recovery policy: " + reason);
  }

  @Override
  public void answer(String service, String requestId, boolean ok, String message) {
    recorded.answer(service, requestId, ok, message);
  }

  @Override
  public void liftBan(String service, String banned) {
    recorded.liftBan(service, banned);
  }
}
