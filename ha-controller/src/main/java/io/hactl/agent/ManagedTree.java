package io.hactl.agent;

import io.hactl.resource.ResourceException;
import io.hactl.resource.TreeHealth;

/** The resource tree of one ownership term, as the service controller drives it. */
public interface ManagedTree {
  /** Parents before children; writes the epoch file after each spool mount. */
  void startAll() throws ResourceException;

  /** Children before parents, graceful. */
  void stopAll() throws ResourceException;

  /** Revokes the term, then TERM/grace/KILL/unmount; true when everything is confirmed gone. */
  boolean emergencyStopAll();

  /** Healthy, or the first unhealthy resource, how, and how far its failure reaches. */
  TreeHealth monitorAll();

  /** Registers the listener for failures seen outside monitors (a daemon that died). */
  void onFailure(io.hactl.resource.Resource.FailureListener listener);

  /** Builds the tree of a term. */
  @FunctionalInterface
  interface Factory {
    ManagedTree create(String service, long epoch);
  }
}
