package io.hactl.zk.auth;

import java.util.Locale;

/**
 * The three identities of a cluster's ZooKeeper access (DESIGN rule 8). Each has its own digest
 * credentials in a file named after the role.
 */
public enum ZkRole {
  /** hactl agents: the only ones that change membership, ownership, breadcrumbs and state. */
  AGENT,
  /** Administrators: change the configuration and send commands (admin nodes, fence acks). */
  ADMIN,
  /** Read-only users: read status and history, nothing else. */
  READER;

  /** The name of the role's credentials file, and its key in the identities file. */
  public String fileName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The ZooKeeper user name hactl generates for the role ({@code hactl-agent}, ...). */
  public String defaultUser() {
    return "hactl-" + fileName();
  }
}
