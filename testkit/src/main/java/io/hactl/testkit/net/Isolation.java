package io.hactl.testkit.net;

/** How the harness separates the nodes of a test cluster on one machine. */
public enum Isolation {
  /**
   * Each node is a network namespace on a shared bridge plus a private mount namespace: a mount
   * made by one node is invisible to the others, and a partition is a firewall rule inside the
   * node. Needs root, {@code ip} and {@code unshare}. This is what CI runs.
   */
  NAMESPACES,
  /**
   * Nodes are plain processes on the loopback interface, told apart by an environment marker, each
   * in a private mount namespace (as root, or inside a user namespace). No partitions.
   */
  PLAIN
}
