package io.hactl.fencing;

import java.util.List;

/**
 * A node to fence and its fence levels, tried in order; every device of a level must succeed for
 * the level to succeed. Immutable; an empty list of levels is legal and means the node can only be
 * confirmed dead by hand.
 *
 * @param node the node's name as the cluster knows it
 * @param levels the fence levels, first tried first; no level may be empty
 */
public record FenceTarget(String node, List<List<FenceDevice>> levels) {
  public FenceTarget {
    if (node == null || node.isBlank()) {
      throw new IllegalArgumentException("fence target: node must not be empty");
    }
    levels = levels == null ? List.of() : levels.stream().map(List::copyOf).toList();
    for (int i = 0; i < levels.size(); i++) {
      if (levels.get(i).isEmpty()) {
        throw new IllegalArgumentException(
            "fence target " + node + ": level " + (i + 1) + " has no devices");
      }
    }
  }
}
