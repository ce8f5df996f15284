package io.hactl.agent;

import static io.hactl.agent.ServiceState.ACQUIRING;
import static io.hactl.agent.ServiceState.BLOCKED;
import static io.hactl.agent.ServiceState.FENCING;
import static io.hactl.agent.ServiceState.FROZEN;
import static io.hactl.agent.ServiceState.OFFLINE;
import static io.hactl.agent.ServiceState.RUNNING;
import static io.hactl.agent.ServiceState.STARTING;
import static io.hactl.agent.ServiceState.SUSPENDED;

import io.hactl.config.ServiceConfig;
import io.hactl.ownership.Ownership;
import io.hactl.ownership.OwnershipException;
import io.hactl.ownership.Ownerships;
import io.hactl.placement.ClusterView;
import io.hactl.resource.ResourceException;
import io.hactl.resource.Severity;
import io.hactl.resource.TreeHealth;
import io.hactl.time.Ticker;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This class runs the state machine of one service on one node ({@link ServiceMachine}): it
 * acquires ownership when placement says so, fences whoever did not let go cleanly, starts the
 * resource tree, restarts or relocates on failure, releases cleanly, and demotes on a suspended
 * ZooKeeper connection. Everything one ownership term starts lives in an {@link OwnershipTerm} and
 * ends with it. Every task it runs is guarded: an unexpected exception is logged at ERROR, recorded
 * in the history and handled by {@link FaultHandler} like any other failure.
 *
 * <p>Threading: every normal step runs on the service's own {@link ServiceScheduler}; the methods
 * called by the agent ({@link #update}, {@link #suspend}, {@link #resume}) only post work and never
 * block. The emergency stop of DESIGN rule 4 ({@link Demotion}) runs on its own executor so that a
 * worker stuck in a slow start cannot delay it; it wins races through the machine's lock: once
 * {@code suspended} is set under the lock, no tree is created and RUNNING is never published, and a
 * tree created before is revoked by the emergency stop. How a term ends otherwise (clean release,
 * recovery policy, abandon after a failed stop) is {@link TermEnding}'s.
 */
public final class ServiceController {
  private static final Logger LOG = LoggerFactory.getLogger(ServiceController.class);
  static final String MONITOR = "monitor";
  private static final String FENCE_RETRY = "fence-retry";

  /** How often a RUNNING owner checks its tree when no resource sets a monitor interval. */
  static final Duration DEFAULT_CHECK = Duration.ofSeconds(10);

  final String service;
  final String node;
  private final String memberPath;
  final Ownerships store;
  private final Takeover takeover;
  private final ManagedTree.Factory trees;
  final ServiceEvents events;
  final SelfFence selfFence;
  private final Clock clock;
  private final ServiceScheduler worker;
  private final Duration fenceRetry;
  final ServiceMachine machine;
  final TermEnding ending;
  private final Demotion demotion;
  final Recovery recovery;
  private final FaultHandler faults;
  private final Maintenance maintenance;

  private final AtomicReference<Desired> latest = new AtomicReference<>();
  private final AtomicBoolean reconcilePending = new AtomicBoolean();

  private volatile OwnershipTerm term;
  private final Ticker ticker;
  private volatile boolean suspended;
  volatile boolean closed;

  /** What the placement says, as last posted by the agent. */
  public record Desired(ClusterView view, Optional<String> owner) {}

  /** The collaborators of a controller; one instance is shared by the agent's controllers. */
  public record Wiring(
      String node,
      String memberPath,
      Ownerships store,
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

  public ServiceController(ServiceConfig config, Wiring w, ServiceScheduler worker) {
    this.service = config.name();
    this.node = w.node();
    this.memberPath = w.memberPath();
    this.store = w.store();
    this.takeover = new Takeover(w.node(), w.fencing(), w.acks(), w.selfCleanup(), w.events());
    this.trees = w.trees();
    this.events = w.events();
    this.selfFence = w.selfFence();
    this.clock = w.clock();
    this.ticker = w.ticker();
    this.fenceRetry = w.fenceRetry();
    this.worker = worker;
    this.machine = new ServiceMachine(service, node, events, clock);
    this.recovery = new Recovery(config, w.ticker(), w.clock());
    this.faults = new FaultHandler(this);
    this.ending = new TermEnding(this);
    this.demotion = new Demotion(this, w.emergency());
    this.maintenance = new Maintenance(this);
  }

  public String service() {
    return service;
  }

  public ServiceState state() {
    return machine.state();
  }

  /** The epoch of the current term, or 0 when this node does not own the service. */
  public long epoch() {
    OwnershipTerm t = term;
    return t == null ? 0 : t.epoch();
  }

  // ---- called by the agent; never block ----

  /** Posts the latest placement; coalesced, so a burst of changes costs one reconcile. */
  public void update(Desired desired) {
    latest.set(desired);
    if (reconcilePending.compareAndSet(false, true)) {
      post(
          "placement",
          () -> {
            reconcilePending.set(false);
            reconcile();
          });
    }
  }

  /**
   * An operator cleared the failures of this node for the service (request {@code id}): forget them
   * and lift this node's ban. Never blocks.
   */
  public void clearFailures(String id, String why) {
    post("clear", () -> maintenance.clear(id, why));
  }

  /** Replaces the configuration; resources pick it up at their next start. */
  public void updateConfig(ServiceConfig next) {
    post("configuration update", () -> recovery.config(next));
  }

  /**
   * The ZooKeeper connection is suspended: stop starting anything, and if this node owns the
   * service, run the emergency stop now (DESIGN rule 4). Never blocks, never throws.
   */
  public void suspend() {
    demotion.suspend();
  }

  /** The connection is back (same session or a new one): re-prove ownership before acting. */
  public void resume() {
    demotion.resume();
  }

  /** Releases cleanly (agent shutdown) within {@code timeout}; returns true if it finished. */
  public boolean shutdown(Duration timeout) throws InterruptedException {
    CompletableFuture<Void> done = new CompletableFuture<>();
    post(
        "shutdown",
        () -> {
          try {
            ending.shutdown();
          } finally {
            done.complete(null);
          }
        });
    try {
      done.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (ExecutionException | TimeoutException e) {
      LOG.error("service {} on {}: shutdown did not finish: {}", service, node, e.toString());
      return false;
    }
  }

  // ---- worker thread from here on ----

  /** Hands {@code step} to the worker, guarded so that nothing it throws goes unseen. */
  void post(String step, Runnable body) {
    worker.execute(faults.guard(step, body));
  }

  void term(OwnershipTerm t) {
    term = t;
  }

  OwnershipTerm term() {
    return term;
  }

  void suspended(boolean s) {
    suspended = s;
  }

  boolean suspended() {
    return suspended;
  }

  /** One move of the machine, reported with the current term's epoch. */
  void move(ServiceState to, String why) {
    OwnershipTerm t = term;
    machine.transition(to, t == null ? 0 : t.epoch(), why);
  }

  void reconcile() {
    Desired d = latest.get();
    if (suspended || closed || d == null) {
      return;
    }
    boolean wantMe = d.owner().map(node::equals).orElse(false) && !recovery.locallyBanned();
    switch (machine.state()) {
      case OFFLINE -> {
        if (wantMe && d.view().owner().isEmpty()) {
          acquire();
        }
      }
      case RUNNING, BLOCKED, FROZEN -> {
        if (wantMe && maintenance.reconcileOwner(d.view())) {
          return;
        }
        if (!wantMe && machine.state() != FROZEN) {
          ending.stopAndRelease(
              d.owner().map(o -> "placement moves it to " + o).orElse("service disabled"));
        } else if (wantMe && machine.state() == RUNNING) {
          d.view()
              .relocation()
              .filter(r -> !r.from().equals(node))
              .ifPresent(r -> events.answer(service, r.id(), true, "runs on " + node));
        }
      }
      default -> {
        // Transient states re-run reconcile when they end.
      }
    }
  }

  private void acquire() {
    move(ACQUIRING, "placement chose this node");
    Ownership own;
    try {
      own = store.acquire(service, node, memberPath);
    } catch (OwnershipException e) {
      LOG.info(
          "service {} on {}: not acquired ({}): {}", service, node, e.reason(), e.getMessage());
      move(OFFLINE, "not acquired: " + e.reason());
      return;
    }
    if (own.unknownPrevious() != null) {
      LOG.error("service {} on {}: {}", service, node, own.unknownPrevious());
      events.event(service, "corrupt", own.unknownPrevious());
    }
    synchronized (machine.lock) {
      term = new OwnershipTerm(own);
      if (suspended) {
        move(SUSPENDED, "connection suspended while acquiring");
        return;
      }
    }
    fenceAndStart();
  }

  /** Fences every node the breadcrumb names (rule 3), then starts; BLOCKED if a fence fails. */
  void fenceAndStart() {
    OwnershipTerm t = term;
    Set<String> toFence = new LinkedHashSet<>(t.ownership().breadcrumb().unfenced());
    if (!toFence.isEmpty()) {
      move(FENCING, "must fence " + toFence + " before mounting anything");
      Set<String> fenced = new LinkedHashSet<>();
      for (String victim : toFence) {
        if (suspended) {
          return;
        }
        Optional<String> failure = takeover.cutOff(service, victim, t.epoch());
        if (failure.isPresent()) {
          String unknown = t.ownership().unknownPrevious();
          move(BLOCKED, unknown == null ? failure.get() : unknown + "; " + failure.get());
          t.timer(
              FENCE_RETRY,
              worker.schedule(faults.guard("fence retry", () -> retry(t)), fenceRetry));
          return;
        }
        fenced.add(victim);
      }
      try {
        t.proven(store.markFenced(t.ownership(), fenced));
      } catch (OwnershipException e) {
        loseOwnership("could not record fencing: " + e.getMessage());
        return;
      }
    }
    start();
  }

  private void retry(OwnershipTerm t) {
    if (machine.state() == BLOCKED && !suspended && !closed && term == t) {
      fenceAndStart();
    }
  }

  private void start() {
    OwnershipTerm t = term;
    ManagedTree tree;
    synchronized (machine.lock) {
      if (suspended) {
        return;
      }
      move(STARTING, "starting resources");
      if (t.tree() == null) {
        ManagedTree created = trees.create(service, t.epoch());
        created.onFailure(
            (res, why) -> post("resource failure", () -> onResourceFailure(t, res, why)));
        t.tree(created);
      }
      tree = t.tree();
      t.treeMayRun(true);
    }
    Duration every = recovery.checkInterval();
    String from = t.takeRestartFrom();
    try {
      if (from == null) {
        tree.startAll();
      } else {
        tree.startFrom(from);
      }
    } catch (ResourceException e) {
      if (!suspended && term == t) {
        ending.handleFailure("start failed: " + e.getMessage(), e.severity(), e.resource());
      }
      return;
    }
    synchronized (machine.lock) {
      if (suspended || term != t) {
        return; // the emergency stop began: RUNNING would not be true
      }
      machine.checkEvery(every.toMillis());
      machine.checkedNow();
      move(RUNNING, "all resources started");
    }
    monitor(t);
    reconcile();
  }

  /** Checks the tree of term {@code t} at the check interval, from now on. */
  void monitor(OwnershipTerm t) {
    Duration every = recovery.checkInterval();
    t.timer(MONITOR, worker.every(faults.guard("monitor", () -> monitorOnce(t)), every));
  }

  private void onResourceFailure(OwnershipTerm t, String resource, String why) {
    if (term == t && machine.state() == RUNNING && !suspended) {
      ending.handleFailure(resource + ": " + why, Severity.SOFT, resource);
    }
  }

  private void monitorOnce(OwnershipTerm t) {
    if (term != t || machine.state() != RUNNING || suspended) {
      return;
    }
    long began = ticker.nanos();
    TreeHealth health = t.tree().monitorAll();
    events.monitored(service, Duration.ofNanos(ticker.nanos() - began), health.healthy());
    if (!health.healthy()) {
      ending.handleFailure(health.describe(), health.severity(), health.resource());
    } else {
      machine.checked();
    }
  }

  void loseOwnership(String reason) {
    endTerm();
    move(OFFLINE, reason);
    reconcile();
  }

  /** Ends the current term and everything it started. */
  void endTerm() {
    OwnershipTerm t = term;
    term = null;
    if (t != null) {
      t.close();
    }
  }
}
