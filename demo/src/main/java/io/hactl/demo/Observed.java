package io.hactl.demo;

import io.hactl.agent.ExitCode;
import io.hactl.agent.ServiceState;
import io.hactl.agent.ServiceStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * What the demo has seen of the cluster so far, from ZooKeeper (members, owner, the owner's state)
 * and from the ledger, with the monotonic time of each sighting (what the process and mount tables
 * show is the test kit's observer's, see {@link HostWatch}). The story waits on it. Thread-safe:
 * every method holds the monitor, and every change wakes the waiters. It records sightings, not
 * truths: a fact may have changed since.
 */
final class Observed {
  /** The firings of one ownership term, as counted from the ledger so far. */
  record Term(String node, long epoch, long firstNanos, long firings, long late) {}

  private final Set<String> members = new HashSet<>();
  private final Map<String, Long> leftAt = new HashMap<>();
  private String owner;
  private long ownerEpoch;
  private ServiceStatus status;
  private long statusNanos;
  private final Map<Long, Term> terms = new LinkedHashMap<>();
  private long relocationRequested;

  synchronized void joined(String node) {
    members.add(node);
    notifyAll();
  }

  synchronized void left(String node, long nanos) {
    members.remove(node);
    leftAt.put(node, nanos);
    notifyAll();
  }

  synchronized void owner(String node, long epoch) {
    owner = node;
    ownerEpoch = epoch;
    notifyAll();
  }

  synchronized void status(ServiceStatus s, long nanos) {
    status = s;
    statusNanos = nanos;
    notifyAll();
  }

  /** One ledger line of {@code node}'s term {@code epoch}; true if it is the term's first. */
  synchronized boolean fired(String node, long epoch, boolean late, long nanos) {
    Term t = terms.get(epoch);
    terms.put(
        epoch,
        t == null
            ? new Term(node, epoch, nanos, 1, late ? 1 : 0)
            : new Term(node, epoch, t.firstNanos(), t.firings() + 1, t.late() + (late ? 1 : 0)));
    notifyAll();
    return t == null;
  }

  synchronized void relocationRequested(long nanos) {
    relocationRequested = nanos;
    notifyAll();
  }

  /** When the last relocation request was seen in ZooKeeper (0 if never). */
  synchronized long relocationRequested() {
    return relocationRequested;
  }

  synchronized boolean member(String node) {
    return members.contains(node);
  }

  synchronized Optional<Long> leftAt(String node) {
    return Optional.ofNullable(leftAt.get(node));
  }

  synchronized Optional<String> owner() {
    return Optional.ofNullable(owner);
  }

  synchronized long ownerEpoch() {
    return ownerEpoch;
  }

  /** The node the owner reports RUNNING on, if that is the current state. */
  synchronized Optional<String> runningOn() {
    return status != null && status.state() == ServiceState.RUNNING && status.node().equals(owner)
        ? Optional.of(status.node())
        : Optional.empty();
  }

  /** When the current state was seen. */
  synchronized long statusNanos() {
    return statusNanos;
  }

  synchronized Optional<Term> term(long epoch) {
    return Optional.ofNullable(terms.get(epoch));
  }

  synchronized List<Term> terms() {
    return new ArrayList<>(terms.values());
  }

  /**
   * Waits until {@code condition} holds (evaluated under the monitor) and returns when it did.
   *
   * @throws DemoException TIMEOUT after {@code timeout}, naming {@code what}
   */
  synchronized long await(String what, Duration timeout, Predicate<Observed> condition)
      throws DemoException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.test(this)) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new DemoException(
            ExitCode.TIMEOUT, "no " + what + " within " + timeout.toSeconds() + " s");
      }
      try {
        wait(Math.max(1, left / 1_000_000));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new DemoException(ExitCode.FAILURE, "interrupted while waiting for " + what, e);
      }
    }
    return System.nanoTime();
  }
}
