package io.hactl.resource;

/**
 * How far a resource failure reaches, as OCF classifies errors: whether restarting here can help,
 * another node can help, or nothing can until an operator acts. Resources that cannot tell report
 * {@link #SOFT}.
 */
public enum Severity {
  /** Worth retrying here: the service's recovery policy decides (restart in place, then move). */
  SOFT,
  /** This node cannot run the resource (agent missing, permission, bad argument): relocate now. */
  HARD,
  /** The configuration is wrong and no node can run the resource: disable the service. */
  FATAL
}
