package io.hactl.itests.fence;

/** How a simulated BMC answers fencing. */
public enum BmcMode {
  /** Power off kills every process of the node and reports the node off. */
  WORKING,
  /** Answers, but ignores power changes: the node stays on and fence_ipmilan fails. */
  REFUSING,
  /**
   * Not running (ipmi_sim killed, restarted on repair): requests go unanswered, as with a BMC that
   * lost power or network. Unlike a stopped process it cannot answer late.
   */
  UNREACHABLE
}
