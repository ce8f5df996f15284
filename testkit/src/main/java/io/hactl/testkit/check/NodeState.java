package io.hactl.testkit.check;

import java.util.Arrays;
import java.util.List;

/**
 * What the observer saw of one node across two consecutive scans k and k+1. A daemon is listed only
 * if the same pid was alive in both scans, and the spool counts as held only if it was mounted in
 * both: an item seen in two consecutive scans existed during the whole interval between them, so
 * two nodes that both hold it in one sample really held it at the same instant. Items shorter than
 * one scan interval may be missed.
 *
 * @param mountedAtScan the spool was mounted in the node at scan k
 * @param mountedAtNextScan the spool was mounted in the node at scan k+1
 * @param daemons pids of heartbeat daemons alive in the node in both scans, ascending
 */
public record NodeState(boolean mountedAtScan, boolean mountedAtNextScan, List<Long> daemons) {
  public static final NodeState IDLE = new NodeState(false, false, List.of());

  public NodeState {
    daemons = daemons.stream().sorted().toList();
  }

  /** A node that held the spool through both scans and ran these daemons. */
  public static NodeState running(long... pids) {
    return new NodeState(true, true, Arrays.stream(pids).boxed().toList());
  }

  /** A node that held the spool through both scans and ran no daemon. */
  public static NodeState mountedOnly() {
    return new NodeState(true, true, List.of());
  }

  /** The spool was mounted through the whole interval between the two scans. */
  public boolean holdsMount() {
    return mountedAtScan && mountedAtNextScan;
  }

  /** The node runs the service: spool held and at least one daemon. */
  public boolean runs() {
    return holdsMount() && !daemons.isEmpty();
  }

  /** Any trace of the service on the node at scan k: a mount or a daemon. */
  public boolean touchesService() {
    return mountedAtScan || !daemons.isEmpty();
  }
}
