package io.hactl.zk;

/**
 * What a running agent publishes in its membership node ({@code ROOT/nodes/NODE}, ephemeral): its
 * process id and the session timeout ZooKeeper granted it. Because the node is ephemeral, the set
 * of these nodes is exactly the set of running agents, and {@code hactl config apply} checks every
 * change against their granted timeouts (DESIGN rule 4).
 *
 * @param pid the agent's process id
 * @param sessionTimeoutMs the negotiated session timeout in milliseconds; 0 when unknown (an agent
 *     of an older version)
 */
public record MemberInfo(long pid, long sessionTimeoutMs) {
  /** Largest accepted granted timeout (ZooKeeper's own maximum is far below). */
  public static final long MAX_TIMEOUT_MS = 24L * 3600 * 1000;

  /** Reads a membership node; empty, corrupt or out-of-range data reads as unknown (0). */
  public static MemberInfo parse(byte[] data) {
    if (data == null || data.length == 0 || data.length > 4096) {
      return new MemberInfo(0, 0);
    }
    try {
      MemberInfo m = Json.read(data, MemberInfo.class);
      long t =
          m.sessionTimeoutMs() < 0 || m.sessionTimeoutMs() > MAX_TIMEOUT_MS
              ? 0
              : m.sessionTimeoutMs();
      return new MemberInfo(m.pid(), t);
    } catch (RuntimeException e) {
      return new MemberInfo(0, 0);
    }
  }
}
