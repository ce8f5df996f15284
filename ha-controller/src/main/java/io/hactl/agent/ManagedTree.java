package io.hactl.agent;

import io.hactl.resource.ResourceException;
import io.hactl.resource.TreeHealth;

/** The resource tree of one ownership term, as the service controller drives it. */
public interface ManagedTree {
  /** Parents before children; writes the epoch file after each spool mount. */
  void startAll() throws ResourceException;

  /** Children before parents, graceful. */
  void stopAll() throws ResourceException;

  /**
   * The restart in place of a failed resource, first half: stops {@code resource} and the resources
   * started after it, children first; its parents keep running. All of them when {@code resource}
   * is not in the tree.
   */
  void stopFrom(String resource) throws ResourceException;

  /** Second half: starts {@code resource} and the resources after it, as {@link #startAll()}. */
  void startFrom(String resource) throws ResourceException;

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
