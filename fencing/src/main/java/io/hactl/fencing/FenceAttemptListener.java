package io.hactl.fencing;

/**
 * Told about each device call while a node is fenced, on the fencing thread, right after the call
 * returns. It should return quickly (hand work to another thread); an exception it throws is logged
 * and does not change the fencing.
 */
@FunctionalInterface
public interface FenceAttemptListener {
  FenceAttemptListener NONE = attempt -> {};

  void attempted(FenceAttempt attempt);
}
