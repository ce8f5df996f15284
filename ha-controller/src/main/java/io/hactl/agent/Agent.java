package io.hactl.agent;

import static java.util.stream.Collectors.toSet;

import io.hactl.config.ClusterConfig;
import io.hactl.config.FailoverDomain;
import io.hactl.config.FenceDeviceConfig;
import io.hactl.fencing.FenceAttempt;
import io.hactl.fencing.agents.FenceAgentsAdapter;
import io.hactl.history.FenceEvents;
import io.hactl.history.History;
import io.hactl.history.HistoryEvent;
import io.hactl.ownership.OwnershipStore;
import io.hactl.readiness.ReadinessMonitor;
import io.hactl.zk.Checked;
import io.hactl.zk.ZkClients;
import io.hactl.zk.ZkLayout;
import io.hactl.zk.auth.ZkIdentities;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.state.ConnectionState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This class is the daemon that runs on every node: it wires and starts, in order, the {@link
 * Bootstrap} (connection, granted timeout, stored configuration, rule 4), the {@link Membership}
 * (its election node, carrying the granted timeout), the {@link AgentCaches}, the {@link
 * ControllerRegistry} (one {@link ServiceController} per service it may run), the {@link
 * ConfigReload} and the {@link PlacementLoop}; and closes them in reverse. It demotes every owned
 * service the moment the connection is SUSPENDED. It does not decide ownership itself: ZooKeeper
 * does (DESIGN rule 2).
 *
 * <p>Threading: Curator's event thread only flips the controllers into emergency stop (which posts
 * work) and hands everything else to the placement loop's control thread.
 */
public final class Agent implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Agent.class);

  private final String node;
  private final CuratorFramework client;
  private final AgentServices services;
  private final ZkIdentities identities;
  private boolean allowClearTextSecrets;
  private final AtomicReference<ClusterConfig> config;
  private final Observers observers = new Observers();
  private final ExecutorService emergency =
      Executors.newCachedThreadPool(AgentThreads.named("emergency-stop"));

  private ZkLayout layout;
  private History history;
  private Membership membership;
  private AgentCaches caches;
  private ControllerRegistry registry;
  private PlacementLoop placement;
  private ReadinessMonitor readiness;
  private volatile Duration negotiated;

  /**
   * @param config the configuration to join with (the stored one wins if it differs)
   * @param node this node's name
   * @param client a started Curator client for the cluster's ensemble
   * @param services the node-local collaborators (fencing, resource trees, self-fence, time)
   */
  public Agent(ClusterConfig config, String node, CuratorFramework client, AgentServices services) {
    this(config, node, client, services, null);
  }

  /**
   * An agent of a cluster that runs authenticated: only requests an administrator created count.
   *
   * @param identities the cluster's identities, or null when it runs without authentication
   */
  public Agent(
      ClusterConfig config,
      String node,
      CuratorFramework client,
      AgentServices services,
      ZkIdentities identities) {
    this.identities = identities;
    this.config = new AtomicReference<>(config);
    this.node = node;
    this.client = client;
    this.services = services;
  }

  /**
   * Lets this agent, when it is the first of its cluster, store a local file whose fence secrets
   * are in clear text (refused by default, as {@code config apply} refuses it). Call before {@link
   * #start}.
   */
  public Agent allowClearTextSecrets() {
    allowClearTextSecrets = true;
    return this;
  }

  /**
   * Adds an observer of this agent's events (metrics, health, alert hooks). Call before {@link
   * #start}; observers hear events in the order they were added and must never block.
   */
  public Agent observe(AgentObserver observer) {
    observers.add(observer);
    return this;
  }

  /** Connects, joins and starts acting. Returns once the agent runs; throws if it cannot. */
  public void start(Duration connectTimeout) throws AgentException {
    negotiated = Bootstrap.connect(client, connectTimeout);
    layout = new ZkLayout(config.get().cluster().root());
    Bootstrap.Adopted adopted =
        Bootstrap.adoptStoredConfig(
            client, config.get(), services.ocfAgents(), allowClearTextSecrets);
    ClusterConfig cfg = adopted.config();
    Bootstrap.checkGranted(cfg, negotiated);
    if (cfg.node(node).isEmpty()) {
      throw new AgentException(
          ExitCode.REFUSED,
          "node " + node + " is not in the configuration (nodes: " + cfg.nodes().keySet() + ")");
    }
    config.set(cfg);
    history = new History(client, layout, cfg.cluster().historySize());
    adopted.corrupt().ifPresent(why -> history.append(event("config", node + ": " + why)));
    membership = new Membership(client, layout, node);
    membership.join(negotiated, services.ticker(), services.sleeper());
    caches = new AgentCaches(client, layout);
    registry = new ControllerRegistry(node, wiring(cfg), emergency);
    registry.build(cfg);
    prepareFencing(cfg);
    ConfigReload reload =
        new ConfigReload(
            node,
            layout,
            caches.config(),
            config,
            registry,
            history,
            services.clock(),
            () -> negotiated,
            services.ocfAgents());
    reload.reportedAtStart(adopted.corrupt().isPresent() ? adopted.corruptMzxid() : -1);
    placement =
        new PlacementLoop(
            node,
            config,
            caches.views(layout, services.clock(), this::reportCorrupt),
            registry,
            reload,
            new RequestKeeper(node, client, layout, history, services.clock()),
            history,
            services.clock());
    client.getConnectionStateListenable().addListener((c, s) -> onConnectionState(s));
    caches.start(placement::schedule);
    services
        .readinessAgent()
        .ifPresent(
            a -> {
              readiness =
                  new ReadinessMonitor(
                      node, config::get, a, client, layout, history, services.clock());
              readiness.start();
            });
    history.append(
        event("agent", node + " joined (session timeout " + negotiated.toMillis() + " ms)"));
    observers.joined(node, negotiated);
    LOG.info(
        "agent {} running: cluster {}, negotiated session timeout {} ms, services {}",
        node,
        cfg.cluster().name(),
        negotiated.toMillis(),
        registry.controllers().keySet());
  }

  /**
   * The session timeout an agent should request: the stored configuration's when the cluster has
   * one, else {@code local}'s. A caller that started {@code client} with another timeout closes it
   * and starts a new client with this one before {@link #start}.
   */
  public static Duration requestedSessionTimeout(
      CuratorFramework client, ClusterConfig local, Duration connectTimeout) throws AgentException {
    return Bootstrap.requestedSessionTimeout(client, local, connectTimeout);
  }

  private ServiceController.Wiring wiring(ClusterConfig cfg) {
    return new ServiceController.Wiring(
        node,
        membership.path(),
        new OwnershipStore(client, layout, cfg.cluster().name(), s -> suspects(config.get(), s)),
        new SharedFencing(services.fencing(config::get, this::recordFenceAttempt)),
        new ZkFenceAcks(
            client, layout, identities, node, why -> history.append(event("fence", why))),
        services.selfCleanup(config::get),
        services.trees(config::get, node),
        new ObservedServiceEvents(
            new ZkServiceEvents(client, layout, history, node, services.clock()), observers),
        services.selfFence(cfg.cluster().selfFence()),
        services.ticker(),
        services.clock(),
        emergency,
        services.fenceRetry());
  }

  /**
   * Installs at start what a first fence call would set up (the fence_ipmilan family's ipmitool
   * program), so that a temporary directory where it cannot run is reported now, not during a
   * fence.
   */
  private static void prepareFencing(ClusterConfig cfg) {
    FenceAgentsAdapter.prepare(
        cfg.nodes().values().stream()
            .flatMap(n -> n.fenceLevels().stream())
            .flatMap(l -> l.devices().stream())
            .map(FenceDeviceConfig::agent)
            .toList());
  }

  /** A corrupt admin or ban node, seen for the first time in this version: it is ignored. */
  private void reportCorrupt(Checked.Corrupt<?> bad) {
    String why = bad + "; ignored until repaired (`hactl` re-issues requests, bans expire)";
    LOG.error("agent {}: {}", node, why);
    history.append(event("corrupt", why));
  }

  /**
   * Every node that may have run {@code service}: its domain's members when the domain is
   * restricted, else every configured node. When a breadcrumb is unreadable, all are to fence.
   */
  static Set<String> suspects(ClusterConfig cfg, String service) {
    return cfg.service(service)
        .map(cfg::domainOf)
        .filter(FailoverDomain::restricted)
        .map(d -> d.members().stream().map(FailoverDomain.Member::node).collect(toSet()))
        .orElse(cfg.nodes().keySet());
  }

  private void onConnectionState(ConnectionState s) {
    LOG.info("agent {}: ZooKeeper connection {}", node, s);
    observers.connection(s, negotiated);
    switch (s) {
      case SUSPENDED -> registry.suspendAll();
      case RECONNECTED -> {
        registry.resumeAll();
        placement.run("republishing the granted session timeout", this::republishGranted);
        placement.schedule();
      }
      case LOST -> LOG.warn("agent {}: session lost; every ownership of this node is gone", node);
      default -> {}
    }
  }

  /** A new session may have been granted another timeout: publish it for config apply. */
  private void republishGranted() {
    try {
      Duration now = ZkClients.negotiatedSessionTimeout(client);
      if (!now.equals(negotiated)) {
        LOG.warn(
            "agent {}: the new session was granted {} ms (was {} ms)",
            node,
            now.toMillis(),
            negotiated.toMillis());
        negotiated = now;
      }
      membership.publish(now);
    } catch (Exception e) {
      LOG.warn("agent {}: cannot read the granted session timeout: {}", node, e.toString());
    }
  }

  /** Every fence device call, failed or not, goes into the history ({@code hactl history}). */
  private void recordFenceAttempt(FenceAttempt a) {
    observers.fenceAttempt(a);
    History h = history;
    if (h != null) {
      h.append(event(FenceEvents.KIND, FenceEvents.attempt(a)));
    }
  }

  private HistoryEvent event(String kind, String message) {
    return new HistoryEvent(services.clock().millis(), node, null, kind, message);
  }

  /** The running configuration (the stored one once started; it follows reloads). */
  public ClusterConfig config() {
    return config.get();
  }

  /**
   * Appends a node-wide event to the cluster's history (in the background); dropped before {@link
   * #start} has joined.
   */
  public void record(String kind, String message) {
    History h = history;
    if (h != null) {
      h.append(event(kind, node + ": " + message));
    }
  }

  /** The controllers, for tests and status. */
  public Map<String, ServiceController> controllers() {
    return registry == null ? Map.of() : registry.controllers();
  }

  public Duration negotiatedSessionTimeout() {
    return negotiated;
  }

  /** Releases every owned service cleanly, then leaves the cluster. */
  @Override
  public void close() {
    if (registry != null) {
      registry.shutdown(ControllerRegistry.stopBudget(config.get(), null));
    }
    if (history != null) {
      history.append(event("agent", node + " left"));
    }
    if (readiness != null) {
      readiness.close();
    }
    if (placement != null) {
      placement.close();
    }
    if (registry != null) {
      registry.close();
    }
    emergency.shutdownNow();
    if (caches != null) {
      caches.close();
    }
    if (membership != null) {
      membership.close();
    }
    LOG.info("agent {} stopped", node);
  }
}
