package io.hactl.fencing;

/**
 * One device call made while fencing a node, for the event history. Immutable.
 *
 * @param node the node being fenced
 * @param level the fence level, counted from 1
 * @param device the device's position in its level, counted from 1
 * @param agent the device's program
 * @param outcome how the call ended; its detail names the level and device
 */
public record FenceAttempt(String node, int level, int device, String agent, FenceOutcome outcome) {

  /** The action that was run (a reboot in a multi-device level runs as off, then on). */
  public FenceAction action() {
    return outcome.action();
  }
}
