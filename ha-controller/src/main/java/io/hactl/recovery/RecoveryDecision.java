package io.hactl.recovery;

import io.hactl.config.RecoveryPolicy;
import io.hactl.resource.Severity;

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
    return decide(policy, failuresInWindow, Severity.SOFT);
  }

  /**
   * Decides after a failure of the given severity was recorded: a soft failure follows the policy;
   * a hard one relocates at once (this node cannot run the resource), unless the policy disables; a
   * fatal one (the configuration is wrong) disables the service.
   */
  public static RecoveryDecision decide(
      RecoveryPolicy policy, int failuresInWindow, Severity severity) {
    if (severity == Severity.FATAL || policy.action() == RecoveryPolicy.Action.DISABLE) {
      return DISABLE;
    }
    if (severity == Severity.HARD) {
      return RELOCATE;
    }
    return switch (policy.action()) {
      case DISABLE -> DISABLE;
      case RELOCATE -> RELOCATE;
      case RESTART -> failuresInWindow <= policy.maxRestarts() ? RESTART : RELOCATE;
    };
  }
}
