package io.hactl.resource.ocf;

import io.hactl.config.OcfResourceConfig;
import io.hactl.process.ProcessResult;
import io.hactl.process.ProcessSpec;
import io.hactl.process.RunningProcess;
import io.hactl.resource.ActionGuard;
import io.hactl.resource.ActionGuard.RevokedException;
import io.hactl.resource.Deadline;
import io.hactl.resource.Health;
import io.hactl.resource.Resource;
import io.hactl.resource.ResourceException;
import io.hactl.resource.Severity;
import io.hactl.resource.TightRun;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Any OCF resource agent run as a resource for one ownership term. Start is {@code validate-all}
 * (skipped when the agent does not implement it), a probe ({@code monitor} at interval 0: not
 * running is clean, running is adopted), then {@code start}, all within the start timeout; the
 * periodic check is {@code monitor} with {@code OCF_CHECK_LEVEL}; the emergency stop is {@code
 * stop} under {@code emergencyStopTimeout}, after killing any action of this resource still in
 * flight. Every call has a deadline and a timeout is a failure (DESIGN rule 5). Exit codes become a
 * {@link Health} and a {@link Severity} (see {@link OcfExitCode}). It sees failures only when it
 * monitors: an OCF agent has no way to report a death between monitors, so failure listeners are
 * never called.
 */
public final class OcfResource implements Resource {
  private static final Logger LOG = LoggerFactory.getLogger(OcfResource.class);

  /** Lifecycle of the resource as this term sees it. */
  public enum State {
    /** Not started in this term, or stopped. */
    STOPPED,
    /** {@link #start} is in progress. */
    STARTING,
    /** Started; monitors decide whether it is healthy. */
    RUNNING,
    /** A stop is in progress. */
    STOPPING,
    /** A start or stop failed: the agent's state is unknown until a stop succeeds. */
    FAILED
  }

  private final OcfResourceConfig cfg;
  private final OcfAgent agent;
  private final ActionGuard guard;
  private final AtomicReference<State> state = new AtomicReference<>(State.STOPPED);
  private final AtomicReference<RunningProcess> inFlight = new AtomicReference<>();

  /**
   * @param baseEnvironment the term's {@code HACTL_*} variables, passed on to the agent
   */
  public OcfResource(
      OcfResourceConfig cfg, ActionGuard guard, Map<String, String> baseEnvironment) {
    this.cfg = cfg;
    this.agent = new OcfAgent(cfg, baseEnvironment);
    this.guard = guard;
  }

  @Override
  public String name() {
    return cfg.name();
  }

  public State state() {
    return state.get();
  }

  @Override
  public void start() throws ResourceException {
    if (guard.revoked()) {
      throw new ResourceException(name(), "start refused: ownership term revoked");
    }
    transition(State.STARTING);
    Deadline deadline = Deadline.after(guard.runner().ticker(), cfg.startTimeout());
    try {
      validate(deadline);
      if (probe(deadline)) {
        LOG.warn("{}: {} was already running before start; adopting it", name(), cfg.id());
      } else {
        OcfResult r = guarded(agent.spec("start", deadline.remaining()));
        if (!r.succeeded()) {
          throw failure("start failed: " + r.describe(), r.severity());
        }
      }
    } catch (ResourceException e) {
      if (state.compareAndSet(State.STARTING, State.FAILED)) {
        LOG.info("{}: STARTING -> FAILED", name());
      }
      throw e;
    }
    if (!state.compareAndSet(State.STARTING, State.RUNNING)) {
      throw new ResourceException(name(), "stopped while starting");
    }
    LOG.info("{}: STARTING -> RUNNING ({})", name(), cfg.id());
  }

  /** validate-all: an agent that does not implement it is not held against it. */
  private void validate(Deadline deadline) throws ResourceException {
    OcfResult r = guarded(agent.spec("validate-all", deadline.remaining()));
    if (r.succeeded() || r.code() == OcfExitCode.ERR_UNIMPLEMENTED && !r.timedOut()) {
      return;
    }
    throw failure("validate-all failed: " + r.describe(), r.severity());
  }

  /** The probe before start: true when already running, false when cleanly not running. */
  private boolean probe(Deadline deadline) throws ResourceException {
    Duration timeout = min(cfg.monitorTimeout(), deadline.remaining());
    OcfResult r = guarded(agent.spec("monitor", timeout, 0, Duration.ZERO));
    if (r.timedOut()) {
      throw failure("probe failed: " + r.describe(), Severity.SOFT);
    }
    return switch (r.code()) {
      case NOT_RUNNING -> false;
      case SUCCESS, DEGRADED -> true;
      default -> throw failure("probe failed: " + r.describe(), r.severity());
    };
  }

  /** {@code stop} within the stop timeout; anything but success is a failed stop. */
  @Override
  public void stop() throws ResourceException {
    transition(State.STOPPING);
    OcfResult r = tracked(agent.spec("stop", cfg.stopTimeout()));
    if (!r.succeeded()) {
      transition(State.FAILED);
      throw failure("stop failed: " + r.describe(), Severity.SOFT);
    }
    transition(State.STOPPED);
  }

  /**
   * Kills an action of this resource still in flight (a start, say), then runs {@code stop} under
   * {@code emergencyStopTimeout}, KILLing the agent if it overruns. True only when stop succeeded.
   */
  @Override
  public boolean emergencyStop() {
    transition(State.STOPPING);
    try {
      RunningProcess p = inFlight.get();
      if (p != null && !p.terminate(Duration.ZERO, OcfResourceConfig.KILL_WAIT)) {
        LOG.error("{}: {} survived KILL", name(), p.label());
      }
      ProcessSpec spec = agent.spec("stop", cfg.emergencyStopTimeout());
      OcfResult r =
          OcfResult.of("stop", TightRun.run(guard.runner(), spec, OcfResourceConfig.KILL_WAIT));
      if (r.succeeded()) {
        transition(State.STOPPED);
        return true;
      }
      LOG.error("{}: emergency stop failed: {}", name(), r.describe());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      LOG.error("{}: emergency stop interrupted", name());
    } catch (RuntimeException e) {
      LOG.error("{}: emergency stop failed: {}", name(), e.toString());
    }
    transition(State.FAILED);
    return false;
  }

  @Override
  public Health monitor(int depth) {
    return check(depth).health();
  }

  /**
   * {@code monitor} at {@code depth}: success or degraded is RUNNING, not running is STOPPED, any
   * other code or a timeout is FAILED, each with the severity of its code. Before a start, or after
   * a stop, it reports STOPPED without calling the agent.
   */
  @Override
  public Check check(int depth) {
    State s = state.get();
    if (s == State.STOPPED || s == State.STOPPING || s == State.STARTING) {
      return new Check(Health.STOPPED, Severity.SOFT);
    }
    OcfResult r =
        tracked(agent.spec("monitor", cfg.monitorTimeout(), depth, cfg.monitorInterval()));
    if (r.timedOut()) {
      LOG.warn("{}: monitor failed: {}", name(), r.describe());
      return new Check(Health.FAILED, Severity.SOFT);
    }
    switch (r.code()) {
      case SUCCESS:
        return new Check(Health.RUNNING, Severity.SOFT);
      case DEGRADED:
        LOG.warn("{}: degraded: {}", name(), r.describe());
        return new Check(Health.RUNNING, Severity.SOFT);
      case NOT_RUNNING:
        LOG.warn("{}: not running: {}", name(), r.describe());
        return new Check(Health.STOPPED, Severity.SOFT);
      default:
        LOG.warn("{}: monitor failed: {}", name(), r.describe());
        return new Check(Health.FAILED, r.severity());
    }
  }

  @Override
  public void onFailure(FailureListener listener) {
    // An OCF agent reports only when asked: failures are found by monitor.
  }

  /** Runs a mutating action through the term's guard (refused once revoked). */
  private OcfResult guarded(ProcessSpec spec) throws ResourceException {
    RunningProcess p;
    try {
      p = guard.launch(spec);
    } catch (RevokedException e) {
      throw new ResourceException(name(), e.getMessage(), e);
    } catch (IOException e) {
      throw failure("cannot run " + cfg.agentPath() + ": " + e.getMessage(), Severity.HARD);
    }
    return finish(p, spec);
  }

  /** Runs a check or a stop, which must work after a revoke too. */
  private OcfResult tracked(ProcessSpec spec) {
    RunningProcess p;
    try {
      p = guard.runner().start(spec);
    } catch (IOException e) {
      return OcfResult.of(
          action(spec),
          new ProcessResult(
              spec.label(), -1, -1, false, Duration.ZERO, java.util.List.of(), e.getMessage()));
    }
    return finish(p, spec);
  }

  private OcfResult finish(RunningProcess p, ProcessSpec spec) {
    inFlight.set(p);
    try {
      return OcfResult.of(action(spec), guard.runner().finish(p, spec));
    } finally {
      inFlight.compareAndSet(p, null);
    }
  }

  private static String action(ProcessSpec spec) {
    return spec.command().get(1);
  }

  private ResourceException failure(String message, Severity severity) {
    return new ResourceException(name(), cfg.id() + " " + message, severity);
  }

  private void transition(State to) {
    State from = state.getAndSet(to);
    if (from != to) {
      LOG.info("{}: {} -> {}", name(), from, to);
    }
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
