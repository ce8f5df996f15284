package io.hactl.testkit.check;

/**
 * One power change a simulated BMC carried out or refused.
 *
 * @param node the node the BMC belongs to
 * @param nanos when, on the harness's monotonic clock
 * @param kind what happened
 * @param detail the rest of the hook's log line (for power off: how many processes it killed)
 */
public record BmcEvent(String node, long nanos, Kind kind, String detail) {
  /** What the BMC did. */
  public enum Kind {
    POWER_OFF,
    POWER_ON,
    REFUSED
  }
}
