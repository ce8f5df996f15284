package io.hactl.agent;

import io.hactl.fencing.FenceAttempt;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.apache.curator.framework.state.ConnectionState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's observers, called in the order they were added; one that throws is logged and the
 * others still hear the event. Thread-safe.
 */
final class Observers implements AgentObserver {
  private static final Logger LOG = LoggerFactory.getLogger(Observers.class);

  private final List<AgentObserver> all = new CopyOnWriteArrayList<>();

  void add(AgentObserver o) {
    all.add(o);
  }

  private void each(String what, Consumer<AgentObserver> call) {
    for (AgentObserver o : all) {
      try {
        call.accept(o);
      } catch (RuntimeException e) {
        LOG.error("observer {} failed on {}: {}", o.getClass().getSimpleName(), what, e, e);
      }
    }
  }

  @Override
  public void joined(String node, Duration sessionTimeout) {
    each("joined", o -> o.joined(node, sessionTimeout));
  }

  @Override
  public void connection(ConnectionState state, Duration sessionTimeout) {
    each("connection", o -> o.connection(state, sessionTimeout));
  }

  @Override
  public void transition(ServiceStatus status, ServiceState from, String reason) {
    each("transition", o -> o.transition(status, from, reason));
  }

  @Override
  public void monitored(String service, Duration latency, boolean healthy) {
    each("monitored", o -> o.monitored(service, latency, healthy));
  }

  @Override
  public void checked(ServiceStatus status) {
    each("checked", o -> o.checked(status));
  }

  @Override
  public void event(String service, String kind, String message) {
    each("event", o -> o.event(service, kind, message));
  }

  @Override
  public void fenceAttempt(FenceAttempt attempt) {
    each("fenceAttempt", o -> o.fenceAttempt(attempt));
  }
}
