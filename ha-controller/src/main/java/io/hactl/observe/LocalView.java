package io.hactl.observe;

import io.hactl.agent.AgentObserver;
import io.hactl.agent.ServiceState;
import io.hactl.agent.ServiceStatus;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.curator.framework.state.ConnectionState;

/**
 * What this agent knows of itself, kept from its events for the health endpoints: whether it has
 * joined, its connection, and the last status of every service it reported. It never asks
 * ZooKeeper, so an answer costs a memory read; it is as current as the agent's own belief, which a
 * RUNNING service refreshes with every good check.
 */
public final class LocalView implements AgentObserver {
  /** Slack for a late check before a RUNNING service stops counting as healthy. */
  static final long CHECK_SLACK_MILLIS = 2_000;

  private final Clock clock;
  private final Map<String, ServiceStatus> latest = new ConcurrentHashMap<>();
  private volatile String node = "";
  private volatile boolean joined;
  private volatile ConnectionState connection = ConnectionState.LOST;
  private volatile Duration sessionTimeout = Duration.ZERO;

  public LocalView(Clock clock) {
    this.clock = clock;
  }

  @Override
  public void joined(String node, Duration granted) {
    this.node = node;
    this.sessionTimeout = granted;
    this.connection = ConnectionState.CONNECTED;
    this.joined = true;
  }

  @Override
  public void connection(ConnectionState state, Duration granted) {
    connection = state;
    if (granted != null) {
      sessionTimeout = granted;
    }
  }

  @Override
  public void transition(ServiceStatus status, ServiceState from, String reason) {
    latest.put(status.service(), status);
  }

  @Override
  public void checked(ServiceStatus status) {
    latest.put(status.service(), status);
  }

  /** Joined and connected: the agent can act for the cluster. */
  public boolean healthy() {
    return joined && connected();
  }

  /** The ZooKeeper session is connected (CONNECTED or RECONNECTED). */
  public boolean connected() {
    return connection == ConnectionState.CONNECTED || connection == ConnectionState.RECONNECTED;
  }

  /** The session timeout granted last (zero before joining). */
  public Duration sessionTimeout() {
    return sessionTimeout;
  }

  /** The {@code /health} body. */
  public Map<String, Object> health() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("node", node);
    m.put("healthy", healthy());
    m.put("joined", joined);
    m.put("zookeeper", connection.name());
    m.put("sessionTimeoutMillis", sessionTimeout.toMillis());
    return m;
  }

  /**
   * Whether this node owns {@code service} and runs it healthy now: connected, RUNNING, and its
   * last good check at most two check periods (plus slack) old.
   */
  public boolean ownsHealthy(String service) {
    return healthy()
        && status(service)
            .filter(s -> s.state() == ServiceState.RUNNING)
            .filter(s -> s.lastCheckWithin(clock.millis(), CHECK_SLACK_MILLIS))
            .isPresent();
  }

  public Optional<ServiceStatus> status(String service) {
    return Optional.ofNullable(latest.get(service));
  }

  /** The {@code /owner/SERVICE} body. */
  public Map<String, Object> owner(String service) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("service", service);
    m.put("node", node);
    m.put("owner", ownsHealthy(service));
    Optional<ServiceStatus> s = status(service);
    m.put("state", s.map(x -> x.state().name()).orElse(ServiceState.OFFLINE.name()));
    m.put("epoch", s.map(ServiceStatus::epoch).orElse(0L));
    s.filter(x -> x.state() == ServiceState.RUNNING)
        .ifPresent(
            x ->
                m.put(
                    "lastCheckMillisAgo",
                    Math.max(0, clock.millis() - Math.max(x.checkedMillis(), x.sinceMillis()))));
    m.put("zookeeper", connection.name());
    return m;
  }
}
