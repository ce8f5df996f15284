package io.hactl.itests.nemesis;

/** The faults the nemesis can inject. */
public enum FaultKind {
  /** KILL of every process of the owner node (agent and daemon): a power loss. */
  NODE_CRASH,
  /** KILL of the owner's daemon alone, one or more times; restarted in place. */
  DAEMON_CRASH,
  /** KILL of the owner's daemon more often than the recovery policy allows: a relocation. */
  DAEMON_CRASH_LOOP,
  /** SIGSTOP of the owner's agent for longer than the session timeout, then SIGCONT. */
  AGENT_PAUSE,
  /** The owner silently loses ZooKeeper (packets dropped inside its namespace), then heals. */
  PARTITION,
  /** KILL of the ZooKeeper leader; restarted a few seconds later. */
  ZK_LEADER_CRASH,
  /** The owner's fence device is broken when the owner is lost; repaired later. */
  FENCE_FAILURE,
  /** {@code hactl relocate} of the service to another node. */
  RELOCATE
}
