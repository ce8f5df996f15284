package io.hactl.observe.alert;

import io.hactl.agent.AgentObserver;
import io.hactl.agent.ServiceState;
import io.hactl.agent.ServiceStatus;
import io.hactl.config.AlertHookConfig;
import io.hactl.fencing.FenceAttempt;
import io.hactl.process.ProcessRunner;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * This class turns an agent's events into calls of its configured alert hooks ({@code alerts:}):
 * each event gets a sequence number and goes, in that order, to every hook's own {@link HookWorker}
 * (its own thread and bounded queue), so the agent never waits for a hook. Transitions, fence
 * attempts, bans and the other recorded events are forwarded; good checks and monitor passes are
 * not. The hooks follow configuration changes; a hook removed from the configuration is stopped.
 */
public final class AlertHooks implements AgentObserver, AutoCloseable {
  private final Supplier<List<AlertHookConfig>> configured;
  private final ProcessRunner runner;
  private final Clock clock;
  private final BiConsumer<String, String> record;
  private final Counter calls;
  private final Counter dropped;
  private final Map<String, HookWorker> workers = new ConcurrentHashMap<>();
  private volatile String node = "";
  private long sequence;
  private boolean closed;

  /**
   * @param configured the hooks of the running configuration, read at every event
   * @param record appends {@code (kind, message)} to the cluster's history
   */
  public AlertHooks(
      Supplier<List<AlertHookConfig>> configured,
      ProcessRunner runner,
      Clock clock,
      PrometheusRegistry registry,
      BiConsumer<String, String> record) {
    this.configured = configured;
    this.runner = runner;
    this.clock = clock;
    this.record = record;
    this.calls =
        Counter.builder()
            .name("hactl_alert_calls_total")
            .help("Alert hook calls, by hook and outcome (ok, failed, timeout, missing)")
            .labelNames("hook", "outcome")
            .register(registry);
    this.dropped =
        Counter.builder()
            .name("hactl_alert_dropped_total")
            .help("Events dropped because a hook's queue was full (the oldest go first)")
            .labelNames("hook")
            .register(registry);
  }

  @Override
  public void joined(String node, java.time.Duration sessionTimeout) {
    this.node = node;
  }

  @Override
  public void transition(ServiceStatus s, ServiceState from, String reason) {
    String kind =
        s.state() == ServiceState.BLOCKED
            ? "blocked"
            : from == ServiceState.ACQUIRING && s.state() == ServiceState.FENCING
                ? "failover"
                : "transition";
    send(
        kind,
        s.service(),
        from + " -> " + s.state() + ": " + reason,
        Map.of(
            "FROM_STATE", from.name(),
            "STATE", s.state().name(),
            "EPOCH", Long.toString(s.epoch()),
            "FAILURES", Integer.toString(s.failures())));
  }

  @Override
  public void event(String service, String kind, String message) {
    send("fence".equals(kind) ? "fence-result" : kind, service, message, Map.of());
  }

  @Override
  public void fenceAttempt(FenceAttempt a) {
    var o = a.outcome();
    send(
        "fence",
        null,
        o.detail(),
        Map.of(
            "FENCE_TARGET", a.node(),
            "FENCE_AGENT", a.agent(),
            "FENCE_ACTION", o.action().name().toLowerCase(java.util.Locale.ROOT),
            "FENCE_OUTCOME", o.timedOut() ? "timeout" : o.success() ? "ok" : "failed",
            "FENCE_MILLIS", Long.toString(o.elapsed().toMillis())));
  }

  /** Numbers the event and queues it for every configured hook, in one order for all. */
  private void send(String kind, String service, String message, Map<String, String> extra) {
    List<AlertHookConfig> hooks = configured.get();
    if (hooks.isEmpty()) {
      return;
    }
    synchronized (this) {
      if (closed) {
        return;
      }
      AlertEvent e =
          new AlertEvent(++sequence, kind, node, service, clock.millis(), message, extra);
      for (AlertHookConfig h : hooks) {
        workers
            .computeIfAbsent(h.name(), n -> new HookWorker(n, runner, calls, dropped, record))
            .offer(h, e);
      }
      workers.keySet().removeIf(n -> hooks.stream().noneMatch(h -> h.name().equals(n)) && stop(n));
    }
  }

  private boolean stop(String name) {
    HookWorker w = workers.get(name);
    if (w != null) {
      w.close();
    }
    return true;
  }

  /** Stops every hook's thread; a call in progress is killed, queued events are dropped. */
  @Override
  public synchronized void close() {
    closed = true;
    workers.values().forEach(HookWorker::close);
    workers.clear();
  }
}
