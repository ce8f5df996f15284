package io.hactl.agent;

/** Cuts a node off through its configured fence levels; synchronous and bounded. */
@FunctionalInterface
public interface NodeFencing {
  /**
   * Fences {@code node}.
   *
   * @return a one-line operator description of the outcome
   * @throws FenceFailedException when every level failed or none is configured
   */
  String fence(String node) throws FenceFailedException;

  /** Every fence level failed, or timed out, or none is configured. */
  final class FenceFailedException extends Exception {
    public FenceFailedException(String message) {
      super(message);
    }
  }
}
