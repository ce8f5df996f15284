package io.hactl.agent;

import io.hactl.ownership.Ownership;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One ownership term of a service on this node: the proof of ownership, the resource tree started
 * under it, and the timers it runs (monitor, fence retry). Closing the term ends everything it
 * started: its timers are cancelled, and a tree that may still run is emergency-stopped. A term is
 * closed once; after that it starts nothing (a timer handed to a closed term is cancelled at once).
 *
 * <p>Threading: used by the service's worker and, for {@link #tree()}, by the emergency stop.
 */
final class OwnershipTerm implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(OwnershipTerm.class);

  private volatile Ownership ownership;
  private volatile ManagedTree tree;
  private volatile boolean treeMayRun;
  private volatile String restartFrom;
  private final Map<String, ServiceScheduler.Timer> timers = new HashMap<>();
  private boolean closed;

  OwnershipTerm(Ownership ownership) {
    this.ownership = ownership;
  }

  Ownership ownership() {
    return ownership;
  }

  long epoch() {
    return ownership.epoch();
  }

  /** Replaces the proof after a write that changed it (fencing recorded). */
  void proven(Ownership next) {
    this.ownership = next;
  }

  /** The tree of this term, or null before the first start. */
  ManagedTree tree() {
    return tree;
  }

  void tree(ManagedTree t) {
    this.tree = t;
  }

  /** Marks whether the tree may have running resources (set before a start, cleared by a stop). */
  void treeMayRun(boolean may) {
    this.treeMayRun = may;
  }

  boolean treeMayRun() {
    return treeMayRun;
  }

  /**
   * Where the next start begins: the failed resource of a restart in place whose parents kept
   * running, or null for the whole tree.
   */
  void restartFrom(String resource) {
    this.restartFrom = resource;
  }

  /** The resource the next start begins with (null: all), forgotten once read. */
  String takeRestartFrom() {
    String r = restartFrom;
    restartFrom = null;
    return r;
  }

  /** Hands a timer to the term under {@code slot}, cancelling the one it replaces. */
  synchronized void timer(String slot, ServiceScheduler.Timer t) {
    if (closed) {
      t.cancel();
      return;
    }
    ServiceScheduler.Timer old = timers.put(slot, t);
    if (old != null) {
      old.cancel();
    }
  }

  /** Cancels the timer in {@code slot}, if any. */
  synchronized void cancel(String slot) {
    ServiceScheduler.Timer old = timers.remove(slot);
    if (old != null) {
      old.cancel();
    }
  }

  synchronized boolean closed() {
    return closed;
  }

  /** A new term with the same proof and nothing started (after an emergency stop). */
  OwnershipTerm successor() {
    return new OwnershipTerm(ownership);
  }

  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      timers.values().forEach(ServiceScheduler.Timer::cancel);
      timers.clear();
    }
    ManagedTree t = tree;
    if (t != null && treeMayRun) {
      LOG.warn(
          "service {}: term {} ends with resources that may still run; emergency stop",
          ownership.service(),
          ownership.epoch());
      treeMayRun = !t.emergencyStopAll();
    }
  }
}
