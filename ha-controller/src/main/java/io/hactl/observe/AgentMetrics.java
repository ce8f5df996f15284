package io.hactl.observe;

import io.hactl.agent.AgentObserver;
import io.hactl.agent.ServiceState;
import io.hactl.agent.ServiceStatus;
import io.hactl.fencing.FenceAttempt;
import io.hactl.time.Ticker;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * This class keeps one agent's Prometheus metrics, updated from its events ({@link AgentObserver});
 * every update is a memory write, so it never blocks the agent. Names follow Prometheus
 * conventions: the {@code hactl_} prefix, base units in the name ({@code _seconds}), counters end
 * in {@code _total}. It counts only what this agent saw since it started: counters restart at zero
 * with the agent (Prometheus' {@code rate()} and {@code increase()} handle that).
 */
public final class AgentMetrics implements AgentObserver {
  private static final double[] FAST = {.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10};
  private static final double[] SLOW = {.1, .25, .5, 1, 2, 5, 10, 20, 30, 60, 120, 300};

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final Clock clock;
  private final Ticker ticker;
  private final Map<String, ServiceStatus> latest = new ConcurrentHashMap<>();
  private final Map<String, Long> emergencyBegan = new ConcurrentHashMap<>();
  private final LocalView view;

  private final Counter transitions;
  private final Counter takeovers;
  private final Counter failovers;
  private final Counter restarts;
  private final Counter emergencyStops;
  private final Histogram emergencyStopSeconds;
  private final Histogram monitorSeconds;
  private final Counter monitorFailures;
  private final Counter fenceAttempts;
  private final Histogram fenceSeconds;
  private final Counter events;

  /**
   * @param node this agent's node (label {@code node} on {@code hactl_agent_info})
   * @param view where the connection state and the granted session timeout are read
   * @param jvm whether to register the JVM's own metrics ({@code jvm_*}, {@code process_*})
   */
  public AgentMetrics(String node, LocalView view, Clock clock, Ticker ticker, boolean jvm) {
    this.view = view;
    this.clock = clock;
    this.ticker = ticker;
    Gauge.builder()
        .name("hactl_agent_info")
        .help("Always 1; its label names this agent's node")
        .labelNames("node")
        .register(registry)
        .labelValues(node)
        .set(1);
    GaugeWithCallback.builder()
        .name("hactl_zookeeper_connected")
        .help("1 while the ZooKeeper session is connected (CONNECTED or RECONNECTED), else 0")
        .callback(cb -> cb.call(view.connected() ? 1 : 0))
        .register(registry);
    GaugeWithCallback.builder()
        .name("hactl_zookeeper_session_timeout_seconds")
        .help("The session timeout the ZooKeeper ensemble granted this agent")
        .callback(cb -> cb.call(view.sessionTimeout().toMillis() / 1000.0))
        .register(registry);
    GaugeWithCallback.builder()
        .name("hactl_emergency_stop_budget_seconds")
        .help("The time an emergency stop may take: a third of the granted session timeout")
        .callback(cb -> cb.call(view.sessionTimeout().toMillis() / 3000.0))
        .register(registry);
    GaugeWithCallback.builder()
        .name("hactl_service_state")
        .help("1 for the state this node holds the service in, 0 for the other states")
        .labelNames("service", "state")
        .callback(
            cb ->
                latest.forEach(
                    (s, st) -> {
                      for (ServiceState x : ServiceState.values()) {
                        cb.call(st.state() == x ? 1 : 0, s, x.name());
                      }
                    }))
        .register(registry);
    GaugeWithCallback.builder()
        .name("hactl_service_owner")
        .help("1 while this node owns the service (an owning state), else 0")
        .labelNames("service")
        .callback(cb -> latest.forEach((s, st) -> cb.call(st.state().owning() ? 1 : 0, s)))
        .register(registry);
    GaugeWithCallback.builder()
        .name("hactl_service_epoch")
        .help("The epoch (fencing token) of this node's current term of the service, 0 if none")
        .labelNames("service")
        .callback(cb -> latest.forEach((s, st) -> cb.call(st.epoch(), s)))
        .register(registry);
    GaugeWithCallback.builder()
        .name("hactl_service_uptime_seconds")
        .help("How long the service has been RUNNING on this node, 0 when it is not")
        .labelNames("service")
        .callback(cb -> latest.forEach((s, st) -> cb.call(uptime(st), s)))
        .register(registry);
    GaugeWithCallback.builder()
        .name("hactl_service_failures")
        .help("Failures of the service on this node within its recovery window")
        .labelNames("service")
        .callback(cb -> latest.forEach((s, st) -> cb.call(st.failures(), s)))
        .register(registry);
    transitions = counter("hactl_service_transitions_total", "State transitions", "service", "to");
    takeovers =
        counter("hactl_service_takeovers_total", "Ownerships this node acquired", "service");
    failovers =
        counter(
            "hactl_service_failovers_total",
            "Takeovers from an owner that did not release cleanly (fenced or acknowledged)",
            "service");
    restarts = counter("hactl_service_restarts_total", "Restarts in place (RECOVERING)", "service");
    emergencyStops =
        counter(
            "hactl_emergency_stops_total",
            "Emergency stops (connection SUSPENDED while owning)",
            "service");
    emergencyStopSeconds =
        Histogram.builder()
            .name("hactl_emergency_stop_duration_seconds")
            .help("How long emergency stops took; compare with hactl_emergency_stop_budget_seconds")
            .labelNames("service")
            .classicOnly()
            .classicUpperBounds(FAST)
            .register(registry);
    monitorSeconds =
        Histogram.builder()
            .name("hactl_monitor_duration_seconds")
            .help("How long one monitor pass of a RUNNING service's resources took")
            .labelNames("service")
            .classicOnly()
            .classicUpperBounds(FAST)
            .register(registry);
    monitorFailures =
        counter("hactl_monitor_failures_total", "Monitor passes that found a fault", "service");
    fenceAttempts =
        counter(
            "hactl_fence_attempts_total",
            "Fence device calls made by this node",
            "target",
            "agent",
            "outcome");
    fenceSeconds =
        Histogram.builder()
            .name("hactl_fence_attempt_duration_seconds")
            .help("How long fence device calls took")
            .labelNames("target", "outcome")
            .classicOnly()
            .classicUpperBounds(SLOW)
            .register(registry);
    events =
        counter(
            "hactl_events_total",
            "History events recorded by this node, by kind (fence, failure, ban, ...)",
            "kind");
    if (jvm) {
      JvmMetrics.builder().register(registry);
    }
  }

  private Counter counter(String name, String help, String... labels) {
    return Counter.builder().name(name).help(help).labelNames(labels).register(registry);
  }

  /** The registry to expose; also holds the alert hooks' counters. */
  public PrometheusRegistry registry() {
    return registry;
  }

  private double uptime(ServiceStatus st) {
    return st.state() == ServiceState.RUNNING
        ? Math.max(0, clock.millis() - st.sinceMillis()) / 1000.0
        : 0;
  }

  @Override
  public void transition(ServiceStatus status, ServiceState from, String reason) {
    String s = status.service();
    latest.put(s, status);
    transitions.labelValues(s, status.state().name()).inc();
    ServiceState to = status.state();
    if (from == ServiceState.ACQUIRING && to.owning()) {
      takeovers.labelValues(s).inc();
    }
    if (from == ServiceState.ACQUIRING && to == ServiceState.FENCING) {
      failovers.labelValues(s).inc();
    }
    if (to == ServiceState.RECOVERING) {
      restarts.labelValues(s).inc();
    }
    if (to == ServiceState.EMERGENCY_STOP) {
      emergencyStops.labelValues(s).inc();
      emergencyBegan.put(s, ticker.nanos());
    } else if (from == ServiceState.EMERGENCY_STOP) {
      Long began = emergencyBegan.remove(s);
      if (began != null) {
        emergencyStopSeconds.labelValues(s).observe((ticker.nanos() - began) / 1e9);
      }
    }
  }

  @Override
  public void checked(ServiceStatus status) {
    latest.put(status.service(), status);
  }

  @Override
  public void monitored(String service, Duration latency, boolean healthy) {
    monitorSeconds.labelValues(service).observe(latency.toNanos() / 1e9);
    if (!healthy) {
      monitorFailures.labelValues(service).inc();
    }
  }

  @Override
  public void event(String service, String kind, String message) {
    events.labelValues(kind).inc();
  }

  @Override
  public void fenceAttempt(FenceAttempt a) {
    String outcome = a.outcome().timedOut() ? "timeout" : a.outcome().success() ? "ok" : "failed";
    fenceAttempts.labelValues(a.node(), a.agent(), outcome).inc();
    fenceSeconds.labelValues(a.node(), outcome).observe(a.outcome().elapsed().toNanos() / 1e9);
  }
}
