package io.hactl.resource.exec;

import io.hactl.config.ExecResourceConfig;
import io.hactl.process.ProcessResult;
import io.hactl.process.ProcessSpec;
import io.hactl.process.RunningProcess;
import io.hactl.resource.ActionGuard;
import io.hactl.resource.ActionGuard.RevokedException;
import io.hactl.resource.Deadline;
import io.hactl.resource.Health;
import io.hactl.resource.ProcState;
import io.hactl.resource.ProcessKiller;
import io.hactl.resource.Resource;
import io.hactl.resource.ResourceException;
import io.hactl.time.Sleeper;
import io.hactl.time.Ticker;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A daemon run by the agent for one ownership term: a foreground child, whose death the agent sees
 * at once through its exit future, or a forking daemon found through its pidfile and watched by
 * polling {@code /proc}. The daemon and its ready command are launched through the term's {@link
 * ActionGuard}. It does not guarantee to find descendants that left the daemon's process tree
 * (double-forked and reparented): stop kills the daemon and the descendants it still has. Every
 * wait runs on the clock of the guard's {@link io.hactl.process.ProcessRunner}.
 */
public final class ExecResource implements Resource {
  private static final Logger LOG = LoggerFactory.getLogger(ExecResource.class);

  /** With no ready command, how long a freshly started daemon must stay up to count as started. */
  static final Duration SETTLE = Duration.ofMillis(100);

  /** Pause between two runs of a ready command that did not succeed. */
  static final Duration READY_RETRY = Duration.ofMillis(200);

  private static final Duration EXIT_STATUS_WAIT = Duration.ofMillis(200);

  /** Lifecycle of the daemon as this resource sees it. */
  public enum State {
    /** Not running: never started, or stopped on request. */
    STOPPED,
    /** {@link #start} is in progress; a death now fails the start, it is not reported. */
    STARTING,
    /** Up; a death now is reported to the failure listeners. */
    RUNNING,
    /** A stop is in progress; death is expected. */
    STOPPING,
    /** Died on its own, or survived a stop. */
    FAILED
  }

  private final ExecResourceConfig cfg;
  private final ActionGuard guard;
  private final ExecCommands commands;
  private final ForkingStart forking;
  private final ProcState procs;
  private final ProcessKiller killer;
  private final Ticker ticker;
  private final List<FailureListener> listeners = new CopyOnWriteArrayList<>();
  private final AtomicReference<State> state = new AtomicReference<>(State.STOPPED);
  private volatile ProcessHandle daemon;
  private volatile RunningProcess child;
  private volatile ExitWatcher watcher;

  /**
   * @param baseEnvironment variables the agent sets for every daemon of the term ({@code
   *     HACTL_CLUSTER}, {@code HACTL_SERVICE}, {@code HACTL_NODE}, {@code HACTL_EPOCH}); also given
   *     to the ready and monitor commands
   */
  public ExecResource(
      ExecResourceConfig cfg, ActionGuard guard, Map<String, String> baseEnvironment) {
    this(cfg, guard, baseEnvironment, new ProcState());
  }

  public ExecResource(
      ExecResourceConfig cfg,
      ActionGuard guard,
      Map<String, String> baseEnvironment,
      ProcState procs) {
    this.cfg = cfg;
    this.guard = guard;
    this.ticker = guard.runner().ticker();
    Sleeper sleeper = guard.runner().sleeper();
    this.commands = new ExecCommands(cfg, baseEnvironment);
    this.forking =
        cfg.pidfile() == null
            ? null
            : new ForkingStart(cfg.name(), new Pidfile(cfg.pidfile()), guard, procs, sleeper);
    this.procs = procs;
    this.killer = new ProcessKiller(procs, ticker, sleeper);
  }

  @Override
  public String name() {
    return cfg.name();
  }

  public State state() {
    return state.get();
  }

  /** The daemon's pid while one is known. */
  public OptionalLong pid() {
    ProcessHandle h = daemon;
    return h == null ? OptionalLong.empty() : OptionalLong.of(h.pid());
  }

  /**
   * Starts the daemon and returns when it is up and its ready command (if any) exited 0, within the
   * start timeout; fails at once if the daemon dies meanwhile. A daemon that is already running
   * (or, with a pidfile, a live pid in it) is success.
   */
  @Override
  public void start() throws ResourceException {
    if (guard.revoked()) {
      throw new ResourceException(name(), "start refused: ownership term revoked");
    }
    ProcessHandle running = daemon;
    if (state.get() == State.RUNNING && running != null && !procs.isGone(running)) {
      LOG.info("{}: already running as pid {}", name(), running.pid());
      return;
    }
    transition(State.STARTING);
    Deadline deadline = Deadline.after(ticker, cfg.startTimeout());
    try {
      ProcessHandle h =
          forking == null
              ? launchForeground(deadline)
              : forking.start(commands.daemon(deadline.remaining()), deadline);
      daemon = h;
      if (guard.revoked()) {
        throw new ResourceException(name(), "ownership term revoked while starting");
      }
      awaitReady(h, deadline);
      goRunning(h);
    } catch (ResourceException e) {
      abortStart();
      throw e;
    }
  }

  private void goRunning(ProcessHandle h) throws ResourceException {
    if (!state.compareAndSet(State.STARTING, State.RUNNING)) {
      throw new ResourceException(name(), "stopped while starting");
    }
    LOG.info("{}: STARTING -> RUNNING (pid {})", name(), h.pid());
    if (forking != null) {
      ExitWatcher w =
          new ExitWatcher(
              name(),
              h,
              procs,
              guard.runner().sleeper(),
              () -> died(h, "is gone (pid " + h.pid() + ")"));
      watcher = w;
      w.start();
    } else if (procs.isGone(h)) {
      died(h, deathOf(h)); // the exit future may have fired while still STARTING
    }
  }

  private ProcessHandle launchForeground(Deadline deadline) throws ResourceException {
    RunningProcess p;
    try {
      p = guard.launch(commands.daemon(deadline.remaining()));
    } catch (RevokedException e) {
      throw new ResourceException(name(), e.getMessage(), e);
    } catch (IOException e) {
      throw new ResourceException(
          name(), "cannot start " + cfg.command() + ": " + e.getMessage(), e);
    }
    child = p;
    Optional<ProcessHandle> h = ProcessHandle.of(p.pid());
    if (h.isEmpty()) {
      throw new ResourceException(name(), "daemon exited at once: " + describeExit(p));
    }
    ProcessHandle handle = h.get();
    p.onExit().thenAccept(code -> died(handle, "exited with status " + code + lastLine(p)));
    LOG.info("{}: started {} as pid {}", name(), cfg.command(), p.pid());
    return handle;
  }

  private void awaitReady(ProcessHandle h, Deadline deadline) throws ResourceException {
    if (cfg.ready().isEmpty()) {
      if (diesWithin(h, min(SETTLE, deadline.remaining()))) {
        throw new ResourceException(name(), "daemon " + deathOf(h));
      }
      return;
    }
    String last = "never ran";
    while (true) {
      if (procs.isGone(h)) {
        throw new ResourceException(name(), "daemon " + deathOf(h) + " before it was ready");
      }
      if (deadline.expired()) {
        throw new ResourceException(
            name(),
            "not ready within the start timeout of "
                + cfg.startTimeout().toMillis()
                + " ms; last ready check: "
                + last);
      }
      ProcessResult r = guardedRun(commands.ready(deadline.remaining()));
      if (r.succeeded()) {
        return;
      }
      last = r.describe();
      if (diesWithin(h, min(READY_RETRY, deadline.remaining()))) {
        throw new ResourceException(name(), "daemon " + deathOf(h) + " before it was ready");
      }
    }
  }

  private ProcessResult guardedRun(ProcessSpec spec) throws ResourceException {
    try {
      return guard.run(spec);
    } catch (RevokedException e) {
      throw new ResourceException(name(), e.getMessage(), e);
    }
  }

  /** Kills what a failed start left behind; the caller reports the start failure. */
  private void abortStart() {
    transition(State.STOPPING);
    ProcessHandle h = daemon;
    List<ProcessHandle> survivors =
        h == null
            ? List.of()
            : killer.terminate(
                name(), tree(h), () -> tree(h), cfg.termGrace(), ExecResourceConfig.KILL_WAIT);
    daemon = null;
    transition(survivors.isEmpty() ? State.STOPPED : State.FAILED);
  }

  /** TERM to the daemon and its descendants, up to the stop timeout, then KILL. */
  @Override
  public void stop() throws ResourceException {
    List<ProcessHandle> survivors = kill(cfg.stopTimeout());
    if (!survivors.isEmpty()) {
      throw new ResourceException(
          name(), "still running after TERM and KILL: pids " + ProcessKiller.pids(survivors));
    }
  }

  /** TERM, {@code termGrace}, KILL, {@link ExecResourceConfig#KILL_WAIT}; true only if gone. */
  @Override
  public boolean emergencyStop() {
    try {
      return kill(cfg.termGrace()).isEmpty();
    } catch (RuntimeException e) {
      LOG.error("{}: emergency stop failed: {}", name(), e.toString());
      return false;
    }
  }

  private List<ProcessHandle> kill(Duration grace) {
    transition(State.STOPPING);
    ExitWatcher w = watcher;
    if (w != null) {
      w.close();
    }
    ProcessHandle h = current();
    List<ProcessHandle> survivors =
        h == null
            ? List.of()
            : killer.terminate(name(), tree(h), () -> tree(h), grace, ExecResourceConfig.KILL_WAIT);
    if (survivors.isEmpty()) {
      daemon = null;
      transition(State.STOPPED);
    } else {
      transition(State.FAILED);
    }
    return survivors;
  }

  /** The daemon if it still runs; with a pidfile, else a live pid found in it. */
  private ProcessHandle current() {
    ProcessHandle h = daemon;
    if (h != null && !procs.isGone(h)) {
      return h;
    }
    return forking == null ? null : forking.live().orElse(null);
  }

  private static List<ProcessHandle> tree(ProcessHandle h) {
    List<ProcessHandle> all = new ArrayList<>();
    all.add(h);
    h.descendants().forEach(all::add);
    return all;
  }

  /**
   * STOPPED when not started or stopped; FAILED when it died or the monitor command (run with
   * {@code monitorTimeout}) fails; RUNNING otherwise. {@code depth} is not used.
   */
  @Override
  public Health monitor(int depth) {
    State s = state.get();
    if (s == State.STOPPED || s == State.STOPPING) {
      return Health.STOPPED;
    }
    ProcessHandle h = daemon;
    if (s != State.RUNNING || h == null || procs.isGone(h)) {
      return Health.FAILED;
    }
    if (cfg.monitor().isEmpty()) {
      return Health.RUNNING;
    }
    ProcessResult r = guard.runner().run(commands.monitor(cfg.monitorTimeout()));
    if (!r.succeeded()) {
      LOG.warn("{}: monitor failed: {}", name(), r.describe());
      return Health.FAILED;
    }
    return Health.RUNNING;
  }

  @Override
  public void onFailure(FailureListener listener) {
    listeners.add(listener);
  }

  /** Called once the daemon is gone; reported only if it was RUNNING and is still ours. */
  private void died(ProcessHandle h, String how) {
    if (daemon != h || !state.compareAndSet(State.RUNNING, State.FAILED)) {
      return;
    }
    LOG.warn("{}: RUNNING -> FAILED: daemon {}", name(), how);
    for (FailureListener l : listeners) {
      try {
        l.failed(name(), "daemon " + how);
      } catch (RuntimeException e) {
        LOG.error("{}: failure listener threw: {}", name(), e.toString());
      }
    }
  }

  private void transition(State to) {
    State from = state.getAndSet(to);
    if (from != to) {
      LOG.info("{}: {} -> {}", name(), from, to);
    }
  }

  /** Whether the daemon is gone within {@code wait}; an interrupt fails the start. */
  private boolean diesWithin(ProcessHandle h, Duration wait) throws ResourceException {
    boolean gone = killer.awaitGone(List.of(h), wait);
    if (Thread.currentThread().isInterrupted()) {
      throw new ResourceException(name(), "interrupted while starting");
    }
    return gone;
  }

  private String deathOf(ProcessHandle h) {
    RunningProcess p = child;
    if (p != null && p.pid() == h.pid()) {
      return describeExit(p);
    }
    return "is gone (pid " + h.pid() + ")";
  }

  /**
   * The exit status of our own child. /proc may show it gone a moment before the JDK's reaper has
   * recorded its status, so this waits for that a little.
   */
  private static String describeExit(RunningProcess p) {
    try {
      return p.await(EXIT_STATUS_WAIT).map(c -> "exited with status " + c).orElse("is gone")
          + lastLine(p);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "is gone";
    }
  }

  private static String lastLine(RunningProcess p) {
    List<String> tail = p.tail();
    return tail.isEmpty() ? "" : " (last output: " + tail.get(tail.size() - 1) + ")";
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
