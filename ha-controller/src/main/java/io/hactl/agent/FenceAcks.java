package io.hactl.agent;

import java.util.Optional;

/**
 * Operators' confirmations that a node is dead ({@code hactl fence ack NODE}, like
 * fence_ack_manual). An acknowledgement counts only for a loss that happened before it: its zxid
 * must be newer than the epoch of the owner that is waiting to fence.
 */
@FunctionalInterface
public interface FenceAcks {
  /** True when an operator confirmed {@code node} dead after {@code sinceZxid}. */
  boolean acknowledged(String node, long sinceZxid);

  /**
   * Who confirmed {@code node} dead after {@code sinceZxid}, for the history ("administrator
   * alice"); empty when nobody did.
   */
  default Optional<String> acknowledger(String node, long sinceZxid) {
    return acknowledged(node, sinceZxid) ? Optional.of("an operator") : Optional.empty();
  }

  /** No acknowledgements ever (tests that do not exercise them). */
  FenceAcks NONE = (node, since) -> false;
}
