package io.hactl.fencing;

import java.util.List;

/**
 * How fencing a node ended, with every device call made on the way. Immutable.
 *
 * @param outcome the overall outcome; success only if one level fenced the node
 * @param attempts each device call in the order made
 */
public record NodeFenceResult(FenceOutcome outcome, List<FenceAttempt> attempts) {
  public NodeFenceResult {
    attempts = List.copyOf(attempts);
  }

  public boolean success() {
    return outcome.success();
  }
}
