package io.hactl.ownership;

import java.util.Set;

/**
 * The ownership writes a service controller makes (DESIGN rule 2): take, re-prove, record fencing,
 * give up cleanly or not. {@link OwnershipStore} is the ZooKeeper implementation; every call may
 * block on ZooKeeper and must never run on a Curator thread.
 */
public interface Ownerships {
  /** Takes ownership in one atomic write; the returned epoch is the fencing token. */
  Ownership acquire(String service, String node, String memberPath) throws OwnershipException;

  /** Re-proves ownership after a reconnection; the returned ownership has a new epoch. */
  Ownership reprove(Ownership own) throws OwnershipException;

  /** Records that {@code fenced} nodes were fenced. */
  Ownership markFenced(Ownership own, Set<String> fenced) throws OwnershipException;

  /** Clean release: breadcrumb "released", owner node deleted. */
  void release(Ownership own) throws OwnershipException;

  /** Unclean release: owner node deleted, breadcrumb left unclean so the next owner fences. */
  void abandon(Ownership own) throws OwnershipException;
}
