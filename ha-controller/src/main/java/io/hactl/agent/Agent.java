package io.hactl.agent;

import io.hactl.config.ClusterConfig;
import io.hactl.config.ConfigException;
import io.hactl.config.ConfigParser;
import io.hactl.config.ServiceConfig;
import io.hactl.history.History;
import io.hactl.history.HistoryEvent;
import io.hactl.ownership.OwnershipStore;
import io.hactl.placement.ClusterView;
import io.hactl.placement.Placement;
import io.hactl.zk.ConfigStore;
import io.hactl.zk.ZkClients;
import io.hactl.zk.ZkLayout;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.cache.CuratorCache;
import org.apache.curator.framework.recipes.nodes.PersistentNode;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.data.Stat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This class is the daemon that runs on every node: it joins the cluster (its membership node is
 * its election node), keeps local caches of the members, services and configuration, runs placement
 * on every change and drives one {@link ServiceController} per service it may run. It demotes every
 * owned service the moment the connection is SUSPENDED. It does not decide ownership itself:
 * ZooKeeper does (DESIGN rule 2).
 *
 * <p>Threading: Curator's event thread only flips the controllers into emergency stop (which posts
 * work) and hands everything else to the agent's single {@code control} thread.
 */
public final class Agent implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Agent.class);

  private final String node;
  private final CuratorFramework client;
  private final AgentServices services;
  private final ScheduledExecutorService control =
      Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "agent-control"));
  private final ExecutorService emergency =
      Executors.newCachedThreadPool(r -> daemon(r, "emergency-stop"));
  private final Map<String, ServiceController> controllers = new ConcurrentHashMap<>();
  private final Map<String, ScheduledExecutorService> workers = new ConcurrentHashMap<>();
  private final AtomicBoolean reconcileQueued = new AtomicBoolean();
  private ServiceController.Wiring wiring;
  private String lastConfigSeen;

  private volatile ClusterConfig config;
  private ZkLayout layout;

  /** Local copies of what placement reads; the history is deliberately not cached. */
  private List<CuratorCache> caches = List.of();

  private CuratorCache configCache;
  private ClusterViews views;
  private PersistentNode membership;
  private History history;
  private Duration negotiated;

  /**
   * @param config the configuration to join with (the stored one wins if it differs)
   * @param node this node's name
   * @param client a started Curator client for the cluster's ensemble
   * @param services the node-local collaborators (fencing, resource trees, self-fence)
   */
  public Agent(ClusterConfig config, String node, CuratorFramework client, AgentServices services) {
    this.config = config;
    this.node = node;
    this.client = client;
    this.services = services;
  }

  /** Connects, joins and starts acting. Returns once the agent runs; throws if it cannot. */
  public void start(Duration connectTimeout) throws AgentException {
    try {
      if (!ZkClients.awaitConnected(client, connectTimeout)) {
        throw new AgentException(
            ExitCode.ZK_UNAVAILABLE,
            "no ZooKeeper connection within "
                + connectTimeout.toSeconds()
                + " s; check cluster.zookeeper");
      }
      negotiated = ZkClients.negotiatedSessionTimeout(client);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AgentException(ExitCode.FAILURE, "interrupted while connecting", e);
    } catch (AgentException e) {
      throw e;
    } catch (Exception e) {
      throw new AgentException(ExitCode.ZK_UNAVAILABLE, "ZooKeeper: " + e.getMessage(), e);
    }
    layout = new ZkLayout(config.cluster().root());
    config = adoptStoredConfig();
    checkNegotiatedTimeout(config);
    if (config.node(node).isEmpty()) {
      throw new AgentException(
          ExitCode.REFUSED,
          "node " + node + " is not in the configuration (nodes: " + config.nodes().keySet() + ")");
    }
    history = new History(client, layout, config.cluster().historySize());
    join();
    CuratorCache members = CuratorCache.build(client, layout.nodes());
    CuratorCache serviceNodes = CuratorCache.build(client, layout.services());
    configCache = CuratorCache.build(client, layout.config());
    caches = List.of(members, serviceNodes, configCache);
    views = new ClusterViews(members, serviceNodes, layout, services.clock());
    buildControllers();
    caches.forEach(c -> c.listenable().addListener((type, before, after) -> scheduleReconcile()));
    client.getConnectionStateListenable().addListener((c, s) -> onConnectionState(s));
    caches.forEach(CuratorCache::start);
    history.append(
        event(null, "agent", node + " joined (session timeout " + negotiated.toMillis() + " ms)"));
    LOG.info(
        "agent {} running: cluster {}, negotiated session timeout {} ms, services {}",
        node,
        config.cluster().name(),
        negotiated.toMillis(),
        controllers.keySet());
  }

  private ClusterConfig adoptStoredConfig() throws AgentException {
    ConfigStore store = new ConfigStore(client, layout);
    try {
      var stored = store.read();
      if (stored.isEmpty()) {
        try {
          store.apply(config, -1);
          LOG.info(
              "stored the configuration in ZooKeeper (first agent of cluster {})",
              config.cluster().name());
          return config;
        } catch (org.apache.zookeeper.KeeperException.NodeExistsException e) {
          // Another first agent stored it a moment earlier: adopt theirs, as any later agent does.
          stored = store.read();
        }
      }
      if (!stored.get().value().equals(config.source())) {
        LOG.warn(
            "the local configuration file differs from the one stored in ZooKeeper; using the"
                + " stored one (run `hactl config apply FILE` to change it)");
      }
      return new ConfigParser().parse(stored.get().value(), "zookeeper:" + layout.config());
    } catch (ConfigException e) {
      throw new AgentException(
          ExitCode.CONFIG_INVALID, "stored configuration is invalid:\n" + e.getMessage(), e);
    } catch (Exception e) {
      throw new AgentException(
          ExitCode.ZK_UNAVAILABLE, "reading the stored configuration: " + e, e);
    }
  }

  private void checkNegotiatedTimeout(ClusterConfig cfg) throws AgentException {
    Duration limit = negotiated.dividedBy(3);
    for (ServiceConfig s : cfg.services().values()) {
      if (s.emergencyStopBudget().compareTo(limit) > 0) {
        throw new AgentException(
            ExitCode.CONFIG_INVALID,
            "ZooKeeper negotiated a session timeout of "
                + negotiated.toMillis()
                + " ms (requested "
                + cfg.cluster().sessionTimeout().toMillis()
                + " ms): service "
                + s.name()
                + " needs "
                + s.emergencyStopBudget().toMillis()
                + " ms for its emergency stop, more than a third ("
                + limit.toMillis()
                + " ms). Raise the server's maxSessionTimeout/tickTime or lower the service's"
                + " termGrace/unmountTimeout.");
      }
    }
  }

  private void join() throws AgentException {
    String path = layout.node(node);
    try {
      long deadline = System.nanoTime() + negotiated.multipliedBy(2).toNanos();
      Stat stat;
      while ((stat = client.checkExists().forPath(path)) != null) {
        if (System.nanoTime() > deadline) {
          throw new AgentException(
              ExitCode.REFUSED,
              "another agent is already running as node "
                  + node
                  + " (session 0x"
                  + Long.toHexString(stat.getEphemeralOwner())
                  + ")");
        }
        TimeUnit.MILLISECONDS.sleep(200);
      }
      byte[] data =
          ("{\"pid\":" + ProcessHandle.current().pid() + "}").getBytes(StandardCharsets.UTF_8);
      membership = new PersistentNode(client, CreateMode.EPHEMERAL, false, path, data);
      membership.start();
      if (!membership.waitForInitialCreate(negotiated.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new AgentException(
            ExitCode.ZK_UNAVAILABLE, "could not create membership node " + path);
      }
    } catch (AgentException e) {
      throw e;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AgentException(ExitCode.FAILURE, "interrupted while joining", e);
    } catch (Exception e) {
      throw new AgentException(ExitCode.ZK_UNAVAILABLE, "joining: " + e, e);
    }
  }

  private void buildControllers() {
    OwnershipStore store = new OwnershipStore(client, layout, config.cluster().name());
    ZkServiceEvents events = new ZkServiceEvents(client, layout, history, node, services.clock());
    wiring =
        new ServiceController.Wiring(
            node,
            layout.node(node),
            store,
            services.fencing(() -> config),
            this::fenceAcknowledged,
            services.selfCleanup(() -> config),
            services.trees(() -> config, node),
            events,
            services.selfFence(config.cluster().selfFence()),
            services.ticker(),
            services.clock(),
            emergency,
            services.fenceRetry());
    for (ServiceConfig s : config.services().values()) {
      if (mayRun(config, s)) {
        addController(s);
      }
    }
  }

  private void addController(ServiceConfig s) {
    ScheduledExecutorService worker =
        Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "svc-" + s.name()));
    workers.put(s.name(), worker);
    controllers.put(s.name(), new ServiceController(s, wiring, worker));
  }

  /** Releases a service this node may no longer run (removed, or its domain changed). */
  private void retireController(ServiceController c) {
    controllers.remove(c.service());
    ScheduledExecutorService worker = workers.remove(c.service());
    emergency.execute(
        () -> {
          try {
            c.shutdown(stopBudget(c.service()));
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          } finally {
            worker.shutdownNow();
          }
        });
  }

  private boolean mayRun(ClusterConfig cfg, ServiceConfig s) {
    var domain = cfg.domainOf(s);
    return !domain.restricted() || domain.member(node).isPresent();
  }

  private void onConnectionState(ConnectionState s) {
    LOG.info("agent {}: ZooKeeper connection {}", node, s);
    switch (s) {
      case SUSPENDED -> controllers.values().forEach(ServiceController::suspend);
      case RECONNECTED -> {
        controllers.values().forEach(ServiceController::resume);
        scheduleReconcile();
      }
      case LOST -> LOG.warn("agent {}: session lost; every ownership of this node is gone", node);
      default -> {}
    }
  }

  private void scheduleReconcile() {
    if (reconcileQueued.compareAndSet(false, true)) {
      control.execute(
          () -> {
            reconcileQueued.set(false);
            reconcileAll();
          });
    }
  }

  private void reconcileAll() {
    try {
      refreshConfig();
      Map<String, Long> live = views.liveNodes();
      List<String> clusterNodes = List.copyOf(config.nodes().keySet());
      for (ServiceController c : controllers.values()) {
        ServiceConfig s = config.services().get(c.service());
        if (s == null) {
          continue;
        }
        ClusterView view = views.view(s.name(), s.enabled(), live);
        var desired = new Placement(config.domainOf(s), clusterNodes).desiredOwner(view);
        c.update(new ServiceController.Desired(view, desired));
      }
      views
          .nextBanExpiry(controllers.keySet())
          .ifPresent(
              at ->
                  control.schedule(
                      this::scheduleReconcile,
                      Math.max(1, at - services.clock().millis() + 10),
                      TimeUnit.MILLISECONDS));
    } catch (RuntimeException e) {
      LOG.error("agent {}: placement failed: {}", node, e.toString(), e);
    }
  }

  private void refreshConfig() {
    var data = configCache.get(layout.config());
    if (data.isEmpty() || data.get().getData() == null) {
      return;
    }
    String text = new String(data.get().getData(), StandardCharsets.UTF_8);
    if (text.equals(lastConfigSeen) || text.equals(config.source())) {
      lastConfigSeen = text;
      return;
    }
    lastConfigSeen = text;
    try {
      ClusterConfig next = new ConfigParser().parse(text, "zookeeper:" + layout.config());
      config = next;
      for (ServiceController c : List.copyOf(controllers.values())) {
        var updated = next.service(c.service()).filter(svc -> mayRun(next, svc));
        if (updated.isPresent()) {
          c.updateConfig(updated.get());
        } else {
          LOG.info("agent {}: service {} no longer runs here; releasing it", node, c.service());
          retireController(c);
        }
      }
      for (ServiceConfig svc : next.services().values()) {
        if (!controllers.containsKey(svc.name()) && mayRun(next, svc)) {
          LOG.info("agent {}: new service {}", node, svc.name());
          addController(svc);
        }
      }
      LOG.info("agent {}: configuration changed in ZooKeeper; now in effect", node);
      history.append(event(null, "config", node + " picked up a new configuration"));
    } catch (ConfigException e) {
      LOG.error(
          "agent {}: stored configuration is invalid, keeping the running one:\n{}",
          node,
          e.getMessage());
    }
  }

  private boolean fenceAcknowledged(String victim, long sinceZxid) {
    try {
      Stat ack = client.checkExists().forPath(layout.fenceAck(victim));
      return ack != null && ack.getCzxid() > sinceZxid;
    } catch (Exception e) {
      LOG.warn("agent {}: cannot read fence acknowledgements: {}", node, e.toString());
      return false;
    }
  }

  private HistoryEvent event(String service, String kind, String message) {
    return new HistoryEvent(services.clock().millis(), node, service, kind, message);
  }

  /** The controllers, for tests and status. */
  public Map<String, ServiceController> controllers() {
    return Map.copyOf(controllers);
  }

  public Duration negotiatedSessionTimeout() {
    return negotiated;
  }

  /** Releases every owned service cleanly, then leaves the cluster. */
  private Duration stopBudget(String service) {
    Duration budget = Duration.ofSeconds(5);
    for (ServiceConfig s : config.services().values()) {
      if (s.name().equals(service) || service == null) {
        for (var r : s.startOrder()) {
          budget = budget.plus(r.stopTimeout());
        }
      }
    }
    return budget;
  }

  @Override
  public void close() {
    Duration budget = stopBudget(null);
    for (ServiceController c : controllers.values()) {
      try {
        c.shutdown(budget);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (history != null) {
      history.append(event(null, "agent", node + " left"));
    }
    control.shutdownNow();
    workers.values().forEach(ScheduledExecutorService::shutdownNow);
    emergency.shutdownNow();
    caches.forEach(CuratorCache::close);
    if (membership != null) {
      try {
        membership.close();
      } catch (java.io.IOException e) {
        LOG.warn("closing membership: {}", e.toString());
      }
    }
    LOG.info("agent {} stopped", node);
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }
}
