package io.hactl.agent;

import io.hactl.config.ClusterConfig;
import io.hactl.config.ServiceConfig;
import io.hactl.history.History;
import io.hactl.history.HistoryEvent;
import io.hactl.placement.ClusterView;
import io.hactl.placement.Placement;
import io.hactl.zk.Requests;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's control thread: on every change of the caches (coalesced) it follows a new stored
 * configuration, runs placement for every service and posts the result to its controller, makes
 * operator requests end ({@link RequestKeeper}), and comes back when the next ban or request
 * expires. Every task is guarded: a failure is logged at ERROR and recorded in the history, and the
 * next change runs placement again.
 */
final class PlacementLoop implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PlacementLoop.class);

  private final ScheduledExecutorService control =
      Executors.newSingleThreadScheduledExecutor(AgentThreads.named("agent-control"));
  private final AtomicBoolean queued = new AtomicBoolean();

  /** The longest the loop sleeps before looking at a far expiry again. */
  static final long MAX_WAKE_MILLIS = 3_600_000;

  /** When the loop wakes up next by itself (control thread only; 0: no wake-up pending). */
  private long wake;

  private final String node;
  private final AtomicReference<ClusterConfig> config;
  private final ClusterViews views;
  private final ControllerRegistry registry;
  private final ConfigReload reload;
  private final RequestKeeper keeper;
  private final History history;
  private final Clock clock;

  PlacementLoop(
      String node,
      AtomicReference<ClusterConfig> config,
      ClusterViews views,
      ControllerRegistry registry,
      ConfigReload reload,
      RequestKeeper keeper,
      History history,
      Clock clock) {
    this.node = node;
    this.config = config;
    this.views = views;
    this.registry = registry;
    this.reload = reload;
    this.keeper = keeper;
    this.history = history;
    this.clock = clock;
  }

  /** Asks for one placement run soon; never blocks (called from Curator threads). */
  void schedule() {
    if (queued.compareAndSet(false, true)) {
      run(
          "placement",
          () -> {
            queued.set(false);
            placeAll();
          });
    }
  }

  /** Runs {@code task} on the control thread, guarded. */
  void run(String what, Runnable task) {
    try {
      control.execute(
          () -> {
            try {
              task.run();
            } catch (Throwable e) {
              LOG.error("agent {}: {} failed: {}", node, what, e.toString(), e);
              history.append(
                  new HistoryEvent(clock.millis(), node, null, "error", what + " failed: " + e));
            }
          });
    } catch (java.util.concurrent.RejectedExecutionException e) {
      LOG.debug("agent {}: {} not run, shutting down", node, what);
    }
  }

  private void placeAll() {
    reload.refresh();
    ClusterConfig cfg = config.get();
    Map<String, Long> live = views.liveNodes();
    List<String> clusterNodes = List.copyOf(cfg.nodes().keySet());
    Map<String, ServiceController> controllers = registry.controllers();
    long now = clock.millis();
    long next = Long.MAX_VALUE;
    for (ServiceController c : controllers.values()) {
      ServiceConfig s = cfg.services().get(c.service());
      if (s == null) {
        continue;
      }
      ClusterView view = views.view(s.name(), s.enabled(), live);
      Placement placement = new Placement(cfg.domainOf(s), clusterNodes);
      List<Requests.Pending> requests = views.requests(s.name());
      keeper.keep(c, view, placement, requests);
      next = Math.min(next, RequestKeeper.nextExpiry(requests, now).orElse(Long.MAX_VALUE));
      c.update(new ServiceController.Desired(view, placement.desiredOwner(view)));
    }
    next = Math.min(next, views.nextBanExpiry(controllers.keySet()).orElse(Long.MAX_VALUE));
    wakeAt(next, now);
  }

  /**
   * Comes back at {@code at} (a ban or a request expires then) unless a run is already due no
   * later, and at least every {@link #MAX_WAKE_MILLIS}: nothing else may change in ZooKeeper
   * meanwhile (a RUNNING owner writes nothing at rest), so the caches would not wake this loop.
   */
  private void wakeAt(long at, long now) {
    if (at == Long.MAX_VALUE) {
      return;
    }
    long when = Math.min(at, now + MAX_WAKE_MILLIS);
    if (wake > now && wake <= when) {
      return;
    }
    wake = when;
    try {
      control.schedule(this::schedule, Math.max(1, when - now + 10), TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      LOG.debug("agent {}: no wake-up scheduled, shutting down", node);
    }
  }

  @Override
  public void close() {
    control.shutdownNow();
  }
}
