package io.hactl.recovery;

import io.hactl.config.RecoveryPolicy;

/** What the owner does about one failure of its service, given the policy and the window. */
public enum RecoveryDecision {
  /** Stop the service and start it again here. */
  RESTART,
  /** Stop the service, keep this node off it until its failures expire, release it. */
  RELOCATE,
  /** Stop the service and disable it; an operator must enable it again. */
  DISABLE;

  /**
   * Decides after a failure was recorded.
   *
   * @param policy the service's recovery policy
   * @param failuresInWindow failures in the window, the new one included
   */
  public static RecoveryDecision decide(RecoveryPolicy policy, int failuresInWindow) {
    return switch (policy.action()) {
      case DISABLE -> DISABLE;
      case RELOCATE -> RELOCATE;
      case RESTART -> failuresInWindow <= policy.maxRestarts() ? RESTART : RELOCATE;
    };
  }
}
