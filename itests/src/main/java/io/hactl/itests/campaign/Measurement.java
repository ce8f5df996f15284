package io.hactl.itests.campaign;

import io.hactl.itests.nemesis.FaultKind;

/**
 * One measured recovery and its parts, in milliseconds; a part hactl did not log is 0.
 *
 * @param kind the fault
 * @param label the fault's label
 * @param total fault (or command) to the daemon running where it should, seen from outside
 * @param session until ZooKeeper expired the lost owner's session (from its log; the negotiated
 *     timeout when the log does not say), when the owner was lost uncleanly
 * @param fence time spent in fence-agent calls
 * @param request for relocations: from the command's start (JVM start, ZooKeeper connect, request
 *     written) until the old owner began stopping
 * @param stop the old owner's graceful stop (STOPPING to its next state), for relocations
 * @param start STARTING to RUNNING on the new owner (mount, epoch file, daemon start)
 * @param handoff from the old owner's unmount to the new owner's mount, seen from outside
 */
public record Measurement(
    FaultKind kind,
    String label,
    long total,
    long session,
    long fence,
    long request,
    long stop,
    long start,
    long handoff) {

  /**
   * What is left for hactl's agents themselves: total minus session timeout, fencing, the command's
   * own start, the old owner's stop and the new owner's start.
   */
  public long hactl() {
    return total - session - fence - request - stop - start;
  }

  /**
   * hactl's own share as issue 12 counts it: from the session's expiry (or the command) to the
   * daemon running, minus the fence agent and the old owner's stop; the start is included.
   */
  public long own() {
    return hactl() + start;
  }
}
