package io.hactl.placement;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What one agent knows of the cluster at an instant, for placement: which nodes are alive (and
 * since which zxid), and for one service its owner, administrative state, requests and bans. A
 * snapshot; immutable.
 *
 * @param liveNodes node name to the czxid of its membership node (when it joined)
 * @param owner current owner and its epoch, if any
 * @param enabled whether the service should run at all
 * @param relocation a pending relocation request, if any
 * @param bannedNodes nodes kept off the service (recovery bans not yet expired)
 * @param frozen the service is frozen: it stays where it is (or stopped), nothing is started
 * @param standbyNodes nodes an operator put in standby: never chosen
 * @param restart a pending request to restart the service in place, if any
 */
public record ClusterView(
    Map<String, Long> liveNodes,
    Optional<Owner> owner,
    boolean enabled,
    Optional<Relocation> relocation,
    Set<String> bannedNodes,
    boolean frozen,
    Set<String> standbyNodes,
    Optional<Restart> restart) {

  public ClusterView {
    liveNodes = Map.copyOf(liveNodes);
    bannedNodes = Set.copyOf(bannedNodes);
    standbyNodes = Set.copyOf(standbyNodes);
  }

  /** A view with no maintenance: not frozen, no node in standby, no restart requested. */
  public ClusterView(
      Map<String, Long> liveNodes,
      Optional<Owner> owner,
      boolean enabled,
      Optional<Relocation> relocation,
      Set<String> bannedNodes) {
    this(liveNodes, owner, enabled, relocation, bannedNodes, false, Set.of(), Optional.empty());
  }

  /** The owner of a service: node and epoch (the zxid of its ownership write). */
  public record Owner(String node, long epoch) {}

  /**
   * An operator's relocation request: move the service off {@code from} ({@code ""} when it asks to
   * start a stopped service), to {@code to} if given.
   */
  public record Relocation(String id, String from, Optional<String> to) {}

  /** An operator's request to restart the service in place on {@code on}. */
  public record Restart(String id, String on) {}
}
