package io.hactl.ownership;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The persistent note a service's owners leave each other (Hadoop's "breadcrumb"): who owned it
 * last, whether that owner let go cleanly, and which nodes are still to be fenced before anyone may
 * mount the spool. Its {@code mzxid} after an ownership write is the epoch of that owner.
 *
 * @param owner last owner, or null if nobody ever owned the service
 * @param clean whether that owner released cleanly (stopped everything, then wrote this)
 * @param unfenced nodes that lost the service uncleanly and have not been fenced since
 * @param clusterId the cluster the service belongs to
 */
public record Breadcrumb(String owner, boolean clean, List<String> unfenced, String clusterId) {
  public Breadcrumb {
    unfenced = unfenced == null ? List.of() : List.copyOf(unfenced);
  }

  /** The breadcrumb of a service nobody has owned yet. */
  public static Breadcrumb initial(String clusterId) {
    return new Breadcrumb(null, true, List.of(), clusterId);
  }

  /**
   * The breadcrumb a new owner writes with its ownership: itself as owner, not clean (it has not
   * released yet), and every node still to fence, including the previous owner if it did not let go
   * cleanly.
   */
  public Breadcrumb takenBy(String node) {
    Set<String> toFence = new LinkedHashSet<>(unfenced);
    if (!clean && owner != null) {
      toFence.add(owner);
    }
    return new Breadcrumb(node, false, List.copyOf(toFence), clusterId);
  }

  /** The same breadcrumb with {@code fenced} nodes no longer waiting for fencing. */
  public Breadcrumb withFenced(Set<String> fenced) {
    return new Breadcrumb(
        owner, clean, unfenced.stream().filter(n -> !fenced.contains(n)).toList(), clusterId);
  }

  /** The breadcrumb of a clean release by its owner. */
  public Breadcrumb released() {
    return new Breadcrumb(owner, true, unfenced, clusterId);
  }
}
