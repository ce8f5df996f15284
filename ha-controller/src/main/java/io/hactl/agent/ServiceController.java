package io.hactl.agent;

import io.hactl.config.ServiceConfig;
import io.hactl.ownership.Ownership;
import io.hactl.ownership.OwnershipException;
import io.hactl.ownership.OwnershipStore;
import io.hactl.placement.ClusterView;
import io.hactl.recovery.FailureWindow;
import io.hactl.recovery.RecoveryDecision;
import io.hactl.resource.ResourceException;
import io.hactl.time.Ticker;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This class is the state machine of one service on one node: it acquires ownership when placement
 * says so, fences whoever did not let go cleanly, starts the resource tree, restarts or relocates
 * on failure, releases cleanly, and demotes on a suspended ZooKeeper connection.
 *
 * <p>Threading: every normal transition runs on the service's own single-threaded {@code worker};
 * the methods called by the agent ({@link #update}, {@link #suspend}, {@link #resume}) only post
 * work and never block. The one exception is the emergency stop of DESIGN rule 4, which runs on the
 * {@code emergency} executor so that a worker stuck in a slow start cannot delay it; it wins races
 * through {@link #lock}: once {@link #suspended} is set under the lock no tree is created, and a
 * tree created before is revoked by its emergency stop.
 */
public final class ServiceController {
  private static final Logger LOG = LoggerFactory.getLogger(ServiceController.class);

  private final String service;
  private final String node;
  private final String memberPath;
  private final OwnershipStore store;
  private final Takeover takeover;
  private final ManagedTree.Factory trees;
  private final ServiceEvents events;
  private final SelfFence selfFence;
  private final Ticker ticker;
  private final Clock clock;
  private final ScheduledExecutorService worker;
  private final Executor emergency;
  private final Duration fenceRetry;

  private final Object lock = new Object();
  private final AtomicReference<Desired> latest = new AtomicReference<>();
  private final AtomicBoolean reconcilePending = new AtomicBoolean();

  private volatile ServiceConfig config;
  private volatile ServiceState state = ServiceState.OFFLINE;
  private volatile Term term;
  private volatile long lastEpoch;
  private volatile boolean suspended;
  private volatile boolean closed;
  private FailureWindow window;
  private volatile int failureCount;
  private ScheduledFuture<?> monitorTask;
  private long localBanUntilNanos;

  /** What the placement says, as last posted by the agent. */
  public record Desired(ClusterView view, Optional<String> owner) {}

  /** One ownership term: the proof of ownership and the tree it started (null before start). */
  private record Term(Ownership ownership, ManagedTree tree) {
    Term withTree(ManagedTree t) {
      return new Term(ownership, t);
    }
  }

  /** The collaborators of a controller; one instance is shared by the agent's controllers. */
  public record Wiring(
      String node,
      String memberPath,
      OwnershipStore store,
      NodeFencing fencing,
      FenceAcks acks,
      SelfCleanup selfCleanup,
      ManagedTree.Factory trees,
      ServiceEvents events,
      SelfFence selfFence,
      Ticker ticker,
      Clock clock,
      Executor emergency,
      Duration fenceRetry) {}

  public ServiceController(ServiceConfig config, Wiring w, ScheduledExecutorService worker) {
    this.service = config.name();
    this.config = config;
    this.node = w.node();
    this.memberPath = w.memberPath();
    this.store = w.store();
    this.takeover = new Takeover(w.node(), w.fencing(), w.acks(), w.selfCleanup(), w.events());
    this.trees = w.trees();
    this.events = w.events();
    this.selfFence = w.selfFence();
    this.ticker = w.ticker();
    this.clock = w.clock();
    this.emergency = w.emergency();
    this.fenceRetry = w.fenceRetry();
    this.worker = worker;
    this.window = new FailureWindow(ticker, config.recovery().window());
  }

  public String service() {
    return service;
  }

  public ServiceState state() {
    return state;
  }

  /** The epoch of the current term, or 0 when this node does not own the service. */
  public long epoch() {
    Term t = term;
    return t == null ? 0 : t.ownership().epoch();
  }

  /** The epoch of the current term, or of the one just left when leaving an owning state. */
  private long epochForLog(ServiceState from) {
    Term t = term;
    if (t != null) {
      lastEpoch = t.ownership().epoch();
      return lastEpoch;
    }
    return from.owning() || from == ServiceState.FAILED ? lastEpoch : 0;
  }

  // ---- called by the agent; never block ----

  /** Posts the latest placement; coalesced, so a burst of changes costs one reconcile. */
  public void update(Desired desired) {
    latest.set(desired);
    if (reconcilePending.compareAndSet(false, true)) {
      worker.execute(
          () -> {
            reconcilePending.set(false);
            reconcile();
          });
    }
  }

  /** Replaces the configuration; resources pick it up at their next start. */
  public void updateConfig(ServiceConfig next) {
    worker.execute(
        () -> {
          if (!next.recovery().window().equals(config.recovery().window())) {
            window = new FailureWindow(ticker, next.recovery().window());
          }
          config = next;
        });
  }

  /**
   * The ZooKeeper connection is suspended: stop starting anything, and if this node owns the
   * service, run the emergency stop now on the emergency executor (DESIGN rule 4).
   */
  public void suspend() {
    Term t;
    synchronized (lock) {
      suspended = true;
      t = term;
      if (t == null || !state.owning() || state == ServiceState.SUSPENDED) {
        return;
      }
      transition(ServiceState.EMERGENCY_STOP, "ZooKeeper connection suspended");
    }
    long t0 = ticker.nanos();
    emergency.execute(
        () -> {
          boolean gone = t.tree() == null || t.tree().emergencyStopAll();
          Duration took = Duration.ofNanos(ticker.nanos() - t0);
          worker.execute(() -> afterEmergency(t, gone, took));
        });
  }

  /** The connection is back (same session or a new one): re-prove ownership before acting. */
  public void resume() {
    synchronized (lock) {
      suspended = false;
    }
    worker.execute(
        () -> {
          if (state == ServiceState.SUSPENDED) {
            reproveAndRestart();
          } else {
            reconcile();
          }
        });
  }

  /** Releases cleanly (agent shutdown) within {@code timeout}; returns true if it finished. */
  public boolean shutdown(Duration timeout) throws InterruptedException {
    var done =
        java.util.concurrent.CompletableFuture.runAsync(
            () -> {
              closed = true;
              cancelMonitor();
              if (term != null && state.owning() && state != ServiceState.SUSPENDED) {
                stopAndRelease("agent shutdown");
              }
            },
            worker);
    try {
      done.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      LOG.error("service {} on {}: shutdown did not finish: {}", service, node, e.toString());
      return false;
    }
  }

  // ---- worker thread from here on ----

  private void reconcile() {
    Desired d = latest.get();
    if (suspended || closed || d == null) {
      return;
    }
    boolean wantMe = d.owner().map(node::equals).orElse(false) && !locallyBanned();
    switch (state) {
      case OFFLINE -> {
        if (wantMe && d.view().owner().isEmpty()) {
          acquire();
        }
      }
      case RUNNING, BLOCKED -> {
        if (!wantMe) {
          stopAndRelease(
              d.owner().map(o -> "placement moves it to " + o).orElse("service disabled"));
        } else {
          d.view()
              .relocation()
              .filter(r -> !r.from().equals(node))
              .ifPresent(r -> events.relocationDone(service, r.id()));
        }
      }
      default -> {
        // Transient states re-run reconcile when they end.
      }
    }
  }

  private boolean locallyBanned() {
    return ticker.nanos() - localBanUntilNanos < 0;
  }

  private void acquire() {
    transition(ServiceState.ACQUIRING, "placement chose this node");
    Ownership own;
    try {
      own = store.acquire(service, node, memberPath);
    } catch (OwnershipException e) {
      LOG.info(
          "service {} on {}: not acquired ({}): {}", service, node, e.reason(), e.getMessage());
      transition(ServiceState.OFFLINE, "not acquired: " + e.reason());
      return;
    }
    term = new Term(own, null);
    if (suspended) {
      transition(ServiceState.SUSPENDED, "connection suspended while acquiring");
      return;
    }
    fenceAndStart();
  }

  private void fenceAndStart() {
    Ownership own = term.ownership();
    Set<String> toFence = new LinkedHashSet<>(own.breadcrumb().unfenced());
    if (!toFence.isEmpty()) {
      transition(ServiceState.FENCING, "must fence " + toFence + " before mounting anything");
      Set<String> fenced = new LinkedHashSet<>();
      for (String victim : toFence) {
        if (suspended) {
          return;
        }
        Optional<String> failure = takeover.cutOff(service, victim, own.epoch());
        if (failure.isPresent()) {
          transition(ServiceState.BLOCKED, failure.get());
          worker.schedule(this::retryFencing, fenceRetry.toMillis(), TimeUnit.MILLISECONDS);
          return;
        }
        fenced.add(victim);
      }
      try {
        term = new Term(store.markFenced(own, fenced), null);
      } catch (OwnershipException e) {
        loseOwnership("could not record fencing: " + e.getMessage());
        return;
      }
    }
    start();
  }

  private void retryFencing() {
    if (state == ServiceState.BLOCKED && !suspended && !closed && term != null) {
      fenceAndStart();
    }
  }

  private void start() {
    Term t = term;
    transition(ServiceState.STARTING, "starting resources");
    synchronized (lock) {
      if (suspended) {
        return;
      }
      if (t.tree() == null) {
        ManagedTree tree = trees.create(service, t.ownership().epoch());
        tree.onFailure((res, why) -> worker.execute(() -> onResourceFailure(tree, res, why)));
        t = t.withTree(tree);
        term = t;
      }
    }
    try {
      t.tree().startAll();
    } catch (ResourceException e) {
      if (!suspended && term == t) {
        handleFailure("start failed: " + e.getMessage());
      }
      return;
    }
    if (suspended || term != t) {
      return;
    }
    transition(ServiceState.RUNNING, "all resources started");
    scheduleMonitor();
    reconcile();
  }

  private void onResourceFailure(ManagedTree tree, String resource, String why) {
    Term t = term;
    if (t != null && t.tree() == tree && state == ServiceState.RUNNING && !suspended) {
      handleFailure(resource + ": " + why);
    }
  }

  private void handleFailure(String reason) {
    cancelMonitor();
    int failures = window.record();
    failureCount = failures;
    RecoveryDecision decision = RecoveryDecision.decide(config.recovery(), failures);
    events.event(
        service,
        "failure",
        reason
            + " ("
            + failures
            + " in "
            + config.recovery().window().toSeconds()
            + " s) -> "
            + decision);
    LOG.warn(
        "service {} on {}: {}; failure {} in window -> {}",
        service,
        node,
        reason,
        failures,
        decision);
    transition(
        decision == RecoveryDecision.RESTART ? ServiceState.RECOVERING : ServiceState.STOPPING,
        reason);
    if (!stopTree()) {
      return;
    }
    switch (decision) {
      case RESTART -> start();
      case RELOCATE -> {
        Duration ban = window.untilAllExpire();
        localBanUntilNanos = ticker.nanos() + ban.toNanos();
        events.ban(service, clock.millis() + ban.toMillis(), reason);
        release("relocating after " + failures + " failures");
      }
      case DISABLE -> {
        events.disable(service, reason);
        release("disabled by recovery policy");
      }
    }
  }

  private void stopAndRelease(String reason) {
    cancelMonitor();
    transition(ServiceState.STOPPING, reason);
    if (stopTree()) {
      release(reason);
    }
  }

  /** Stops the tree gracefully; on failure escalates and returns false. */
  private boolean stopTree() {
    Term t = term;
    if (t == null || t.tree() == null) {
      return true;
    }
    try {
      t.tree().stopAll();
      return true;
    } catch (ResourceException e) {
      if (suspended) {
        return false;
      }
      escalateStopFailure(t, e);
      return false;
    }
  }

  /** A failed stop: kill what we can, give up ownership uncleanly, so the next owner fences us. */
  private void escalateStopFailure(Term t, ResourceException e) {
    transition(
        ServiceState.FAILED,
        "stop failed (" + e.getMessage() + "); the next owner must fence this node");
    boolean gone = t.tree().emergencyStopAll();
    if (!gone) {
      selfFence.fenceSelf(service, "stop failed and the emergency stop could not confirm cleanup");
    }
    Duration ban = config.recovery().window();
    localBanUntilNanos = ticker.nanos() + ban.toNanos();
    events.ban(service, clock.millis() + ban.toMillis(), "stop failed");
    try {
      store.abandon(t.ownership());
    } catch (OwnershipException ex) {
      LOG.warn("service {} on {}: could not delete owner node: {}", service, node, ex.getMessage());
    }
    term = null;
    transition(ServiceState.OFFLINE, "ownership abandoned after a failed stop");
  }

  private void release(String reason) {
    Term t = term;
    try {
      store.release(t.ownership());
      term = null;
      transition(ServiceState.OFFLINE, "released cleanly: " + reason);
    } catch (OwnershipException e) {
      term = null;
      transition(
          ServiceState.OFFLINE, "release not recorded (" + e.getMessage() + "); next owner fences");
    }
    if (!closed) {
      reconcile();
    }
  }

  private void afterEmergency(Term t, boolean gone, Duration took) {
    if (term != t) {
      return;
    }
    if (!gone) {
      LOG.error(
          "service {} on {}: emergency stop could not confirm the daemon and mounts are gone"
              + " after {} ms; self-fencing",
          service,
          node,
          took.toMillis());
      selfFence.fenceSelf(service, "emergency stop unconfirmed");
    }
    term = new Term(t.ownership(), null);
    transition(
        ServiceState.SUSPENDED,
        "emergency stop " + (gone ? "done" : "UNCONFIRMED") + " in " + took.toMillis() + " ms");
    if (!suspended) {
      reproveAndRestart();
    }
  }

  private void reproveAndRestart() {
    Term t = term;
    if (t == null) {
      transition(ServiceState.OFFLINE, "no ownership to re-prove");
      reconcile();
      return;
    }
    try {
      term = new Term(store.reprove(t.ownership()), null);
    } catch (OwnershipException e) {
      loseOwnership("ownership not re-proven after reconnection: " + e.getMessage());
      return;
    }
    fenceAndStart();
  }

  private void loseOwnership(String reason) {
    term = null;
    transition(ServiceState.OFFLINE, reason);
    reconcile();
  }

  private void scheduleMonitor() {
    Duration every =
        config.startOrder().stream()
            .map(r -> r.monitorInterval())
            .filter(d -> !d.isZero())
            .min(Duration::compareTo)
            .orElse(Duration.ZERO);
    if (every.isZero()) {
      return;
    }
    Term t = term;
    monitorTask =
        worker.scheduleWithFixedDelay(
            () -> monitorOnce(t), every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void monitorOnce(Term t) {
    if (term != t || state != ServiceState.RUNNING || suspended) {
      return;
    }
    t.tree().monitorAll().ifPresent(this::handleFailure);
  }

  private void cancelMonitor() {
    if (monitorTask != null) {
      monitorTask.cancel(false);
      monitorTask = null;
    }
  }

  private void transition(ServiceState to, String reason) {
    ServiceState from;
    synchronized (lock) {
      from = state;
      state = to;
    }
    long epoch = epochForLog(from);
    LOG.info("service {} on {}: {} -> {} (epoch {}): {}", service, node, from, to, epoch, reason);
    events.transition(
        new ServiceStatus(service, node, to, epoch, failureCount, clock.millis(), reason),
        from,
        reason);
  }

  /** Cleans up leftovers of an earlier run of this node's agent (its own unclean ownership). */
  @FunctionalInterface
  public interface SelfCleanup {
    boolean cleanup(String service);
  }
}
