package io.hactl.placement;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What one agent knows of the cluster at an instant, for placement: which nodes are alive (and
 * since which zxid), and for one service its owner, administrative state and bans. A snapshot;
 * immutable.
 *
 * @param liveNodes node name to the czxid of its membership node (when it joined)
 * @param owner current owner and its epoch, if any
 * @param enabled whether the service should run at all
 * @param relocation a pending relocation request, if any
 * @param bannedNodes nodes kept off the service (recovery bans not yet expired)
 */
public record ClusterView(
    Map<String, Long> liveNodes,
    Optional<Owner> owner,
    boolean enabled,
    Optional<Relocation> relocation,
    Set<String> bannedNodes) {

  public ClusterView {
    liveNodes = Map.copyOf(liveNodes);
    bannedNodes = Set.copyOf(bannedNodes);
  }

  /** The owner of a service: node and epoch (the zxid of its ownership write). */
  public record Owner(String node, long epoch) {}

  /**
   * An operator's relocation request: move the service off {@code from}, to {@code to} if given.
   */
  public record Relocation(String id, String from, Optional<String> to) {}
}
