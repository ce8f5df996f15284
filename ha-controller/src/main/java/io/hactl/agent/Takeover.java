package io.hactl.agent;

import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes sure one node that lost a service uncleanly can no longer touch it, before the new owner
 * mounts anything (DESIGN rule 3): an operator's acknowledgement newer than the loss, or a
 * successful fence through the node's levels; when the victim is this node itself (its agent died
 * and came back), a local cleanup of the earlier run's daemons and mounts instead. It does not
 * retry: the caller stays BLOCKED and calls again.
 */
final class Takeover {
  private static final Logger LOG = LoggerFactory.getLogger(Takeover.class);

  private final String node;
  private final NodeFencing fencing;
  private final FenceAcks acks;
  private final SelfCleanup selfCleanup;
  private final ServiceEvents events;

  Takeover(
      String node,
      NodeFencing fencing,
      FenceAcks acks,
      SelfCleanup selfCleanup,
      ServiceEvents events) {
    this.node = node;
    this.fencing = fencing;
    this.acks = acks;
    this.selfCleanup = selfCleanup;
    this.events = events;
  }

  /**
   * Cuts {@code victim} off from {@code service}, whose current owner (this node) holds {@code
   * epoch}. Blocks for as long as the fence devices take.
   *
   * @return empty on success, else why the service must stay BLOCKED
   */
  Optional<String> cutOff(String service, String victim, long epoch) {
    if (victim.equals(node)) {
      boolean ok = selfCleanup.cleanup(service);
      events.event(
          service, "fence", node + " cleaned up its own leftovers: " + (ok ? "ok" : "FAILED"));
      return ok
          ? Optional.empty()
          : Optional.of("could not clean up leftovers of an earlier run here");
    }
    Optional<String> by = acks.acknowledger(victim, epoch);
    if (by.isPresent()) {
      events.event(service, "fence", "fence of " + victim + " acknowledged by " + by.get());
      LOG.warn(
          "service {} on {}: {} confirmed dead by an operator; not fencing it",
          service,
          node,
          victim);
      return Optional.empty();
    }
    try {
      String how = fencing.fence(victim);
      events.event(service, "fence", "fenced " + victim + ": " + how);
      return Optional.empty();
    } catch (NodeFencing.FenceFailedException e) {
      events.event(service, "fence", "FAILED to fence " + victim + ": " + e.getMessage());
      LOG.error(
          "service {} on {}: cannot fence {}: {}; the service stays down until fencing succeeds or"
              + " an operator confirms the node is off",
          service,
          node,
          victim,
          e.getMessage());
      return Optional.of("fencing " + victim + " failed: " + e.getMessage());
    }
  }
}
