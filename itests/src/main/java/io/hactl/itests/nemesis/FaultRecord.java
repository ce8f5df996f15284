package io.hactl.itests.nemesis;

import io.hactl.testkit.check.Expectation;

/**
 * What one injected fault did, for reports and benchmarks.
 *
 * @param label round and fault, e.g. {@code "round 12 NODE_CRASH"}
 * @param kind the fault
 * @param victim the node it hit ({@code zk3} for a ZooKeeper server), or the relocation target
 * @param previousOwner who ran the service before the fault, or null
 * @param injected when the fault took effect (monotonic clock)
 * @param recovery the recovery the checker expects after it, or null when none was expected
 * @param outcome free text: command output, fence attempts seen, and so on
 */
public record FaultRecord(
    String label,
    FaultKind kind,
    String victim,
    String previousOwner,
    long injected,
    Expectation.Recovery recovery,
    String outcome) {

  /** When the recovery clock started (injection, or repair of the fence device). */
  public long recoveryFrom() {
    return recovery == null ? injected : recovery.from();
  }

  /** The latest acceptable recovery. */
  public long deadline() {
    return recovery == null ? injected : recovery.deadline();
  }
}
