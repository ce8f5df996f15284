package io.hactl.itests.campaign;

import io.hactl.itests.fence.FenceCall;
import io.hactl.itests.nemesis.FaultKind;
import io.hactl.itests.nemesis.FaultRecord;
import io.hactl.testkit.check.Sample;
import io.hactl.testkit.check.Timeline;
import io.hactl.testkit.observe.Transition;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Predicate;

/**
 * Turns a fault and the timeline around it into a {@link Measurement}: when the daemon ran where it
 * should (from the observer's samples), how long fencing took (from the fence-agent timer), and how
 * long the stop and start took (from the agents' logged transitions, stamped when the harness read
 * them). Only node crashes and partitions of the owner, first daemon kills and relocations are
 * measured.
 */
public final class Figures {
  private static final long MS = 1_000_000L;

  private final Timeline timeline;
  private final List<Transition> transitions;
  private final List<FenceCall> fenceCalls;
  private final Duration session;
  private final List<Long> expiries;

  public Figures(
      Timeline timeline,
      List<Transition> transitions,
      List<FenceCall> fenceCalls,
      Duration session) {
    this(timeline, transitions, fenceCalls, session, List.of());
  }

  /**
   * @param expiries when ZooKeeper expired sessions ({@link System#nanoTime()}); the detection of a
   *     lost owner is measured up to the first of them after the fault, else taken to be {@code
   *     session}
   */
  public Figures(
      Timeline timeline,
      List<Transition> transitions,
      List<FenceCall> fenceCalls,
      Duration session,
      List<Long> expiries) {
    this.timeline = timeline;
    this.transitions = List.copyOf(transitions);
    this.fenceCalls = List.copyOf(fenceCalls);
    this.session = session;
    this.expiries = List.copyOf(expiries);
  }

  /** The measurement of {@code r}, when it is of a measured kind and recovered in time. */
  public Optional<Measurement> measure(FaultRecord r) {
    return switch (r.kind()) {
      case NODE_CRASH, PARTITION ->
          r.victim().equals(r.previousOwner()) ? crash(r) : Optional.empty();
      case DAEMON_CRASH -> r.label().endsWith("kill 1") ? restart(r) : Optional.empty();
      case RELOCATE -> relocate(r);
      default -> Optional.empty();
    };
  }

  private Optional<Measurement> crash(FaultRecord r) {
    OptionalLong ran = firstRunner(r, n -> !n.equals(r.victim()));
    if (ran.isEmpty()) {
      return Optional.empty();
    }
    String owner = timeline.at(ran.getAsLong()).soleRunner();
    long fence = fenceNanos(r.injected(), ran.getAsLong());
    long detected =
        expiries.stream()
            .filter(e -> e >= r.injected() && e <= ran.getAsLong())
            .findFirst()
            .map(e -> (e - r.injected()) / MS)
            .orElse(session.toMillis());
    return Optional.of(
        new Measurement(
            r.kind(),
            r.label(),
            (ran.getAsLong() - r.injected()) / MS,
            detected,
            fence / MS,
            0,
            0,
            startNanos(owner, r.injected(), ran.getAsLong()) / MS,
            -1));
  }

  private Optional<Measurement> restart(FaultRecord r) {
    OptionalLong ran = firstRunner(r, n -> n.equals(r.victim()));
    if (ran.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new Measurement(
            r.kind(),
            r.label(),
            (ran.getAsLong() - r.injected()) / MS,
            0,
            0,
            0,
            0,
            startNanos(r.victim(), r.injected(), ran.getAsLong()) / MS,
            -1));
  }

  private Optional<Measurement> relocate(FaultRecord r) {
    String target = r.victim();
    String source = r.previousOwner();
    OptionalLong ran = firstRunner(r, n -> n.equals(target));
    if (ran.isEmpty() || source == null) {
      return Optional.empty();
    }
    long released =
        firstSample(r.injected(), ran.getAsLong(), s -> !s.node(source).mountedAtScan());
    long mounted = firstSample(r.injected(), ran.getAsLong(), s -> s.node(target).mountedAtScan());
    long stop = span(source, "STOPPING", r.injected(), ran.getAsLong());
    long request = entered(source, "STOPPING", r.injected(), ran.getAsLong());
    return Optional.of(
        new Measurement(
            r.kind(),
            r.label(),
            (ran.getAsLong() - r.injected()) / MS,
            0,
            0,
            request < 0 ? 0 : (request - r.injected()) / MS,
            stop / MS,
            startNanos(target, r.injected(), ran.getAsLong()) / MS,
            released < 0 || mounted < 0 ? -1 : (mounted - released) / MS));
  }

  /** First time in [from, deadline] a single node satisfying {@code which} runs the service. */
  private OptionalLong firstRunner(FaultRecord r, Predicate<String> which) {
    for (Sample s : timeline.during(r.recoveryFrom(), r.deadline())) {
      String runner = s.soleRunner();
      if (runner != null && which.test(runner)) {
        return OptionalLong.of(Math.max(r.recoveryFrom(), s.nanos()));
      }
    }
    return OptionalLong.empty();
  }

  private long firstSample(long from, long to, Predicate<Sample> p) {
    for (Sample s : timeline.during(from, to)) {
      if (p.test(s)) {
        return Math.max(from, s.nanos());
      }
    }
    return -1;
  }

  /**
   * From the agent of {@code node} entering STARTING (the last time before {@code ran}) until the
   * daemon was seen running at {@code ran}: mount, epoch file, daemon start. The agent logs RUNNING
   * a little after the daemon is up, so the observer's time is the end.
   */
  private long startNanos(String node, long from, long ran) {
    long started = -1;
    for (Transition t : transitions) {
      if (t.node().equals(node)
          && t.to().equals("STARTING")
          && t.nanos() >= from
          && t.nanos() <= ran) {
        started = t.nanos();
      }
    }
    return started < 0 ? 0 : ran - started;
  }

  /** From the last transition of {@code node} into {@code state} in the window to the next one. */
  private long span(String node, String state, long from, long to) {
    Transition entered = null;
    for (Transition t : transitions) {
      if (!t.node().equals(node) || t.nanos() < from || t.nanos() > to) {
        continue;
      }
      if (t.to().equals(state)) {
        entered = t;
      } else if (entered != null && t.from().equals(state)) {
        return t.nanos() - entered.nanos();
      }
    }
    return 0;
  }

  /** When {@code node} first entered {@code state} in the window, or -1. */
  private long entered(String node, String state, long from, long to) {
    for (Transition t : transitions) {
      if (t.node().equals(node) && t.to().equals(state) && t.nanos() >= from && t.nanos() <= to) {
        return t.nanos();
      }
    }
    return -1;
  }

  /** Time spent in power-off calls of fence agents that started in the window. */
  private long fenceNanos(long from, long to) {
    long sum = 0;
    for (FenceCall c : fenceCalls) {
      boolean off = c.action().equals("off") || c.action().equals("reboot");
      if (off && c.start() >= from && c.start() <= to && c.nanos() > 0) {
        sum += c.nanos();
      }
    }
    return sum;
  }

  /** Kinds this class measures. */
  public static List<FaultKind> measured() {
    return List.of(FaultKind.NODE_CRASH, FaultKind.DAEMON_CRASH, FaultKind.RELOCATE);
  }
}
