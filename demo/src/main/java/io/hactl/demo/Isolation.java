package io.hactl.demo;

import io.hactl.testkit.support.Host;
import java.util.List;

/**
 * How the demo makes three nodes out of one machine, and so how honest its picture of a cluster is.
 * It does not check that the kernel allows mount namespaces beyond "we are root and the programs
 * exist"; starting an agent fails loudly if it does not.
 */
enum Isolation {
  /**
   * As root: every agent runs in its own mount namespace ({@code unshare -m --propagation
   * private}); the spool is a directory bind-mounted there, so only the owner sees it mounted; a
   * node's processes are the processes of its namespace, which is what the fence agent kills.
   */
  MOUNT_NAMESPACES(
      "nodes: three agents, each in its own mount namespace (unshare)",
      "fencing: fence_demo kills every process of the victim's mount namespace that carries"
          + " the node's tag (the kernel reuses the ids of dead namespaces at once)"),

  /**
   * As a normal user (no {@code unshare}, no {@code mount}): agents are plain processes; the
   * service has no {@code fs} resource, and the spool is one directory all nodes could write. Only
   * hactl's ownership and fencing keep a second scheduler away from it, and the demo checks that
   * from the process table.
   */
  SHARED_DIRECTORY(
      "NOT ISOLATED: without root (or with --shared-spool) there are no namespaces and no mounts",
      "nodes: three agents as plain processes of this user",
      "fencing: fence_demo kills every process carrying the victim node's environment tag");

  private final List<String> explanation;

  Isolation(String... explanation) {
    this.explanation = List.of(explanation);
  }

  /** Lines for the top of the demo's output: what is real and what is simulated. */
  List<String> explanation() {
    return explanation;
  }

  /** Mount namespaces when running as root with unshare and mount installed, else shared. */
  static Isolation detect() {
    return Host.missingMountNamespaces().isEmpty() ? MOUNT_NAMESPACES : SHARED_DIRECTORY;
  }
}
