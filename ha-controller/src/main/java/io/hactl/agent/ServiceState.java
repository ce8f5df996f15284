package io.hactl.agent;

/**
 * The state of one service as seen by one agent. Only the owner is ever in an owning state ({@link
 * #owning()}); every other agent holds the service {@link #OFFLINE}.
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
  /** Owner; a resource failed, stopping and starting again in place. */
  RECOVERING,
  /** Owner; stopping gracefully before a clean release. */
  STOPPING,
  /** The ZooKeeper connection is suspended: emergency stop in progress. */
  EMERGENCY_STOP,
  /** Stopped after a suspension; ownership unknown until the connection comes back (NEUTRAL). */
  SUSPENDED,
  /** A stop failed: ownership given up uncleanly; the next owner fences this node. */
  FAILED;

  /** States in which this node holds the owner node in ZooKeeper (as far as it knows). */
  public boolean owning() {
    return switch (this) {
      case FENCING, BLOCKED, STARTING, RUNNING, RECOVERING, STOPPING, EMERGENCY_STOP, SUSPENDED ->
          true;
      default -> false;
    };
  }

  /** States in which resources may be running on this node. */
  public boolean mayRunResources() {
    return switch (this) {
      case STARTING, RUNNING, RECOVERING, STOPPING, EMERGENCY_STOP -> true;
      default -> false;
    };
  }
}
