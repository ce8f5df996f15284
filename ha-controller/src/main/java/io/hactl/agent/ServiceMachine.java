package io.hactl.agent;

import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The state of one service on this node and its one {@code transition}: checks the move against
 * {@link ServiceState}'s table, logs one INFO line and publishes the new status, all under one lock
 * so that published states are in the order they were taken. An illegal move is refused with an
 * {@link IllegalTransitionException}; a move out of {@link ServiceState#EMERGENCY_STOP} by anything
 * but the end of the emergency stop is {@link Superseded} (the emergency stop won a race, which is
 * normal). It does no I/O beyond the non-blocking {@link ServiceEvents}.
 */
final class ServiceMachine {
  private static final Logger LOG = LoggerFactory.getLogger(ServiceMachine.class);

  private final String service;
  private final String node;
  private final ServiceEvents events;
  private final Clock clock;

  /** Guards every state change; also taken by the controller to make check-then-move atomic. */
  final Object lock = new Object();

  private volatile ServiceState state = ServiceState.OFFLINE;
  private volatile long epoch;
  private volatile int failures;
  private volatile List<Long> failedAtMillis = List.of();
  private volatile long windowMillis;
  private volatile long sinceMillis;
  private volatile String reason = "";
  private volatile long checkedMillis;
  private volatile long checkEveryMillis;

  /** Whether the checks of this RUNNING period fell behind and that was published. */
  private volatile boolean overdue;

  ServiceMachine(String service, String node, ServiceEvents events, Clock clock) {
    this.service = service;
    this.node = node;
    this.events = events;
    this.clock = clock;
  }

  ServiceState state() {
    return state;
  }

  /**
   * Moves to {@code to}, reporting {@code termEpoch} (the epoch of the term the move belongs to).
   *
   * @throws IllegalTransitionException when the table does not list the move
   * @throws Superseded when an emergency stop took over meanwhile
   */
  void transition(ServiceState to, long termEpoch, String why) {
    synchronized (lock) {
      ServiceState from = state;
      if (!from.canMoveTo(to)) {
        if (from == ServiceState.EMERGENCY_STOP) {
          throw new Superseded(from + " -> " + to + " (" + why + ")");
        }
        throw new IllegalTransitionException(service, from, to, why);
      }
      move(from, to, termEpoch, why);
    }
  }

  /**
   * The one move that skips the table: the last resort after handling a failure failed too. Logged
   * at ERROR.
   */
  void force(ServiceState to, String why) {
    synchronized (lock) {
      ServiceState from = state;
      LOG.error("service {} on {}: forcing {} -> {}: {}", service, node, from, to, why);
      move(from, to, epoch, "forced: " + why);
    }
  }

  private void move(ServiceState from, ServiceState to, long termEpoch, String why) {
    state = to;
    overdue = false;
    if (termEpoch != 0) {
      epoch = termEpoch;
    }
    long shownEpoch = to.owning() || from.owning() || to == ServiceState.FAILED ? epoch : 0;
    sinceMillis = clock.millis();
    reason = why;
    LOG.info("service {} on {}: {} -> {} (epoch {}): {}", service, node, from, to, shownEpoch, why);
    try {
      events.transition(status(to, shownEpoch), from, why);
    } catch (RuntimeException e) {
      LOG.error("service {} on {}: could not publish {}: {}", service, node, to, e.toString(), e);
    }
  }

  /** The number of failures in the recovery window, reported with every status. */
  void failures(int n) {
    failures = n;
    if (n == 0) {
      failedAtMillis = List.of();
    }
  }

  /**
   * The failures of a verdict, with their times and the window, reported with every status so that
   * a reader can let them expire as the window slides.
   */
  void failures(Recovery.Verdict v) {
    failedAtMillis = List.copyOf(v.failedAtMillis());
    windowMillis = v.window().toMillis();
    failures = v.failures();
  }

  /** How often the owner checks its resources while RUNNING (0: never). */
  void checkEvery(long millis) {
    checkEveryMillis = millis;
  }

  /**
   * Records a good check of a RUNNING service. Publishes nothing (no ZooKeeper write at rest), only
   * tells the agent's own observers, unless the checks had fallen behind and {@link #watch} said
   * so: then the status is published, watched again.
   */
  void checked() {
    synchronized (lock) {
      checkedMillis = clock.millis();
      if (state != ServiceState.RUNNING) {
        return;
      }
      if (!overdue) {
        try {
          events.checkedAtRest(status(state, epoch));
        } catch (RuntimeException e) {
          LOG.error("service {} on {}: could not record a check: {}", service, node, e.toString());
        }
        return;
      }
      overdue = false;
      LOG.info("service {} on {}: checks caught up", service, node);
      publishCheck();
    }
  }

  /**
   * The owner's own watch over its checks (called periodically off the service's worker): when a
   * RUNNING service's last good check is more than two check periods old, publishes the status as
   * no longer watched, with the time of that check, so that {@code hactl status} shows the checks
   * stopped (DESIGN rule 9). Once per RUNNING period until a good check. Never blocks.
   */
  void watch() {
    synchronized (lock) {
      long every = checkEveryMillis;
      if (state != ServiceState.RUNNING || overdue || every <= 0) {
        return;
      }
      long age = clock.millis() - Math.max(checkedMillis, sinceMillis);
      if (age <= 2 * every) {
        return;
      }
      overdue = true;
      LOG.warn(
          "service {} on {}: no good check for {} ms (checks every {} ms)",
          service,
          node,
          age,
          every);
      publishCheck();
    }
  }

  private void publishCheck() {
    try {
      events.checked(status(state, epoch));
    } catch (RuntimeException e) {
      LOG.error("service {} on {}: could not publish a check: {}", service, node, e.toString());
    }
  }

  /** Marks the start of a RUNNING period as its first good check (call before moving there). */
  void checkedNow() {
    checkedMillis = clock.millis();
  }

  private ServiceStatus status(ServiceState s, long shownEpoch) {
    return new ServiceStatus(
        service,
        node,
        s,
        shownEpoch,
        failures,
        sinceMillis,
        reason,
        checkedMillis,
        checkEveryMillis,
        failedAtMillis,
        windowMillis,
        s == ServiceState.RUNNING && !overdue);
  }

  /** A move that lost a race against the emergency stop: the flow that asked for it just ends. */
  static final class Superseded extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Superseded(String what) {
      super("superseded by the emergency stop: " + what, null, false, false);
    }
  }
}
