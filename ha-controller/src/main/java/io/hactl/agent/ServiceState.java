package io.hactl.agent;

import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The state of one service as seen by one agent, and the table of every legal move between states
 * (DESIGN rule 9). Only the owner is ever in an owning state ({@link #owning()}); every other agent
 * holds the service {@link #OFFLINE}. The table is pure data: {@link ServiceController} refuses any
 * move it does not list.
 */
public enum ServiceState {
  /** This node does not own the service and is not trying to. */
  OFFLINE,
  /** The ownership write is in flight. */
  ACQUIRING,
  /** Owner; fencing nodes that lost the service uncleanly. Nothing is started. */
  FENCING,
  /** Owner; a fence failed. Nothing is started; fencing is retried. Needs attention. */
  BLOCKED,
  /** Owner; mounting and starting the resource tree. */
  STARTING,
  /** Owner; every resource is up. */
  RUNNING,
  /**
   * Owner; frozen by an operator: resources are left as they are, not monitored, not restarted,
   * never failed over, ownership held. Safety is not frozen: a suspended connection still demotes
   * (rule 4) and a lost owner is still fenced by the next one (rule 3); after a demotion the frozen
   * service stays stopped until unfrozen. Unfreezing resumes monitoring: the first check decides
   * between RUNNING and the recovery policy.
   */
  FROZEN,
  /** Owner; a resource failed (or an operator asked for a restart), stopping and starting again. */
  RECOVERING,
  /** Owner; stopping gracefully before a clean release. */
  STOPPING,
  /** The ZooKeeper connection is suspended: emergency stop in progress. */
  EMERGENCY_STOP,
  /** Stopped after a suspension; ownership unknown until the connection comes back (NEUTRAL). */
  SUSPENDED,
  /** A stop failed: ownership given up uncleanly; the next owner fences this node. */
  FAILED;

  private static final Map<ServiceState, Set<ServiceState>> NEXT =
      new EnumMap<>(ServiceState.class);

  static {
    // Every owning state (and ACQUIRING, whose write may have succeeded) may fall to
    // EMERGENCY_STOP (rule 4) and to FAILED (a stop that failed, an illegal move); those two are
    // added below. Only the end of the emergency stop leaves EMERGENCY_STOP.
    legal(OFFLINE, ACQUIRING);
    legal(ACQUIRING, OFFLINE, FENCING, STARTING, SUSPENDED, RECOVERING, STOPPING);
    legal(FENCING, BLOCKED, STARTING, STOPPING, RECOVERING, OFFLINE);
    legal(BLOCKED, FENCING, STOPPING, RECOVERING, OFFLINE);
    legal(STARTING, RUNNING, RECOVERING, STOPPING);
    legal(RUNNING, RECOVERING, STOPPING, FROZEN);
    legal(FROZEN, RUNNING, RECOVERING, STOPPING);
    legal(RECOVERING, FENCING, STARTING, STOPPING);
    legal(STOPPING, OFFLINE);
    legal(EMERGENCY_STOP, SUSPENDED);
    legal(SUSPENDED, FENCING, STARTING, STOPPING, RECOVERING, OFFLINE);
    legal(FAILED, OFFLINE);
    for (ServiceState s : values()) {
      if ((s.owning() || s == ACQUIRING) && s != EMERGENCY_STOP && s != SUSPENDED) {
        legal(s, EMERGENCY_STOP);
      }
      if ((s.owning() && s != EMERGENCY_STOP) || s == ACQUIRING) {
        legal(s, FAILED);
      }
    }
  }

  private static void legal(ServiceState from, ServiceState... to) {
    NEXT.computeIfAbsent(from, k -> EnumSet.noneOf(ServiceState.class))
        .addAll(EnumSet.of(to[0], to));
  }

  /** Every state this one may move to; never contains itself. */
  public Set<ServiceState> next() {
    return Collections.unmodifiableSet(NEXT.getOrDefault(this, EnumSet.noneOf(ServiceState.class)));
  }

  /** Whether the table lists the move {@code this -> to}. */
  public boolean canMoveTo(ServiceState to) {
    return next().contains(to);
  }

  /** States in which this node holds the owner node in ZooKeeper (as far as it knows). */
  public boolean owning() {
    return switch (this) {
      case FENCING,
          BLOCKED,
          STARTING,
          RUNNING,
          FROZEN,
          RECOVERING,
          STOPPING,
          EMERGENCY_STOP,
          SUSPENDED ->
          true;
      default -> false;
    };
  }

  /** States in which resources may be running on this node. */
  public boolean mayRunResources() {
    return switch (this) {
      case STARTING, RUNNING, FROZEN, RECOVERING, STOPPING, EMERGENCY_STOP -> true;
      default -> false;
    };
  }
}
