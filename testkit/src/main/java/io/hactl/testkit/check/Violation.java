package io.hactl.testkit.check;

/**
 * One broken rule found in a timeline.
 *
 * @param kind which rule
 * @param nanos when, on the harness's monotonic clock
 * @param message what the checker saw, for the report
 */
public record Violation(Kind kind, long nanos, String message) {
  /** The rules the checker knows. */
  public enum Kind {
    /** Safety: two nodes held the spool mount at the same instant. */
    TWO_MOUNTS,
    /** Safety: two heartbeat daemons were alive at the same instant (on any nodes). */
    TWO_DAEMONS,
    /** Resource tree: a daemon ran on a node whose spool was not mounted. */
    DAEMON_WITHOUT_SPOOL,
    /** Epochs: a heartbeat line carries a smaller epoch than an earlier line in the file. */
    EPOCH_REGRESSION,
    /** Epochs: a heartbeat of epoch e was stamped after a heartbeat of a later epoch. */
    STALE_HEARTBEAT,
    /** Epochs: two nodes wrote heartbeats with the same epoch. */
    EPOCH_SHARED,
    /** A file appeared in the bare mountpoint: something wrote while the spool was not mounted. */
    WRITE_OUTSIDE_SPOOL,
    /** Liveness: the service did not come back on exactly one node before the deadline. */
    NOT_RECOVERED,
    /** Fencing: another node took the service while the victim's fence device was broken. */
    TAKEOVER_WITHOUT_FENCE,
    /** Fencing: a node was powered off during a clean hand-off that needs no fencing. */
    UNEXPECTED_FENCE,
    /** Coverage: the observer was blind for longer than allowed. */
    OBSERVER_BLIND
  }

  @Override
  public String toString() {
    return kind + " at " + nanos + ": " + message;
  }
}
