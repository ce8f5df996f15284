package io.hactl.observe;

import io.hactl.agent.Agent;
import io.hactl.agent.AgentException;
import io.hactl.agent.ExitCode;
import io.hactl.observe.alert.AlertHooks;
import io.hactl.process.ProcessRunner;
import io.hactl.time.Ticker;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.Optional;

/**
 * Wires what lets operators watch one agent: its metrics, its health view, its HTTP listener and
 * its alert hooks, all fed by the agent's observer seam. Built before the agent starts (so the
 * listener's address is checked before the node joins and no event is missed), closed after it.
 */
public final class Observation implements AutoCloseable {
  private final AgentMetrics metrics;
  private final LocalView view;
  private final AlertHooks alerts;
  private final ObserveServer server;

  private Observation(
      AgentMetrics metrics, LocalView view, AlertHooks alerts, ObserveServer server) {
    this.metrics = metrics;
    this.view = view;
    this.alerts = alerts;
    this.server = server;
  }

  /**
   * Binds the listener (when {@code listen} is present) and registers metrics, health view and
   * alert hooks as observers of {@code agent}.
   *
   * @throws AgentException when the address cannot be bound
   */
  public static Observation wire(Agent agent, String node, Optional<InetSocketAddress> listen)
      throws AgentException {
    Clock clock = Clock.systemUTC();
    LocalView view = new LocalView(clock);
    AgentMetrics metrics = new AgentMetrics(node, view, clock, Ticker.SYSTEM, true);
    ObserveServer server = null;
    if (listen.isPresent()) {
      try {
        server = ObserveServer.start(listen.get(), view, metrics.registry());
      } catch (IOException e) {
        throw new AgentException(
            ExitCode.USAGE,
            "--listen "
                + listen.get()
                + ": cannot listen there ("
                + e.getMessage()
                + "); give a free local address and port, or --listen none");
      }
    }
    AlertHooks alerts =
        new AlertHooks(
            () -> agent.config().alerts(),
            new ProcessRunner(),
            clock,
            metrics.registry(),
            agent::record);
    agent.observe(metrics).observe(view).observe(alerts);
    return new Observation(metrics, view, alerts, server);
  }

  /** The listener's address, when there is one. */
  public Optional<InetSocketAddress> address() {
    return Optional.ofNullable(server).map(ObserveServer::address);
  }

  public AgentMetrics metrics() {
    return metrics;
  }

  public LocalView view() {
    return view;
  }

  @Override
  public void close() {
    if (server != null) {
      server.close();
    }
    alerts.close();
  }
}
