package io.hactl.testkit.net;

import java.util.List;
import java.util.OptionalLong;

/**
 * The addresses of one test cluster and the way into a node: where ZooKeeper servers and BMCs
 * listen, what each node's processes are started under, and the partition fault. It does not start
 * any process of its own.
 */
public interface Network extends AutoCloseable {
  Isolation isolation();

  /** Address of node {@code i} (1-based), as written into the cluster configuration. */
  String nodeAddress(int i);

  /** Address ZooKeeper server {@code i} (1-based) listens on; reachable from every node. */
  String zkAddress(int i);

  /** Address the simulated BMC of node {@code i} listens on; reachable from every node. */
  String bmcAddress(int i);

  /** Command prefix that runs a program inside node {@code node}'s namespaces (may be empty). */
  List<String> enter(String node);

  /** Command prefix that runs a program in node's network namespace only (may be empty). */
  List<String> enterNetwork(String node);

  /** Inode of the node's network namespace, empty when nodes share the host's. */
  OptionalLong netInode(String node);

  /** Silently drops all traffic between {@code node} and {@code addresses}; the link stays up. */
  void partition(String node, List<String> addresses);

  /** Removes every partition of {@code node}. */
  void heal(String node);

  /** Whether {@link #partition} is supported. */
  boolean canPartition();

  /** Removes every namespace, link and rule; kills processes left in the node namespaces. */
  @Override
  void close();
}
