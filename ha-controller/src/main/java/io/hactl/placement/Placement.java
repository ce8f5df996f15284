package io.hactl.placement;

import io.hactl.config.FailoverDomain;
import io.hactl.placement.ClusterView.Owner;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Decides where a service should run, from the failover domain and a {@link ClusterView}. Every
 * agent runs the same pure function on its own view; it only says who should try to own. Who does
 * own is decided by ZooKeeper (DESIGN rule 2), so two agents with different views can delay each
 * other but never both own.
 *
 * <p>Rules: a frozen service stays with its owner whatever else is true (or, without an owner, runs
 * nowhere). A disabled service runs nowhere. Eligible nodes are alive, not banned, not in standby,
 * and in the domain (restricted) or anywhere in the cluster (unrestricted, domain members first).
 * An owner that is still eligible keeps the service, unless a relocation asks it to move, or
 * (ordered, no {@code nofailback}) a better-priority member has joined after the owner took the
 * service. Without an owner, the relocation target wins if eligible, else the first eligible node
 * in order.
 */
public final class Placement {
  private final FailoverDomain domain;
  private final List<String> clusterNodes;

  /**
   * @param domain the service's failover domain
   * @param clusterNodes every configured node, in configuration order
   */
  public Placement(FailoverDomain domain, List<String> clusterNodes) {
    this.domain = domain;
    this.clusterNodes = List.copyOf(clusterNodes);
  }

  /** The node that should own the service now, or empty if it should run nowhere. */
  public Optional<String> desiredOwner(ClusterView view) {
    if (view.frozen()) {
      return view.owner().map(Owner::node);
    }
    if (!view.enabled()) {
      return Optional.empty();
    }
    List<String> eligible = eligible(view);
    Optional<Owner> owner = view.owner();
    Optional<String> from = view.relocation().map(ClusterView.Relocation::from);
    if (owner.isPresent() && from.isPresent() && from.get().equals(owner.get().node())) {
      List<String> others = new ArrayList<>(eligible);
      others.remove(from.get());
      if (others.isEmpty()) {
        return Optional.of(owner.get().node());
      }
      return Optional.of(pick(others, view));
    }
    if (owner.isPresent() && eligible.contains(owner.get().node())) {
      return Optional.of(failbackTarget(owner.get(), eligible, view).orElse(owner.get().node()));
    }
    if (eligible.isEmpty()) {
      return Optional.empty();
    }
    if (from.isPresent() && eligible.size() > 1) {
      eligible = new ArrayList<>(eligible);
      eligible.remove(from.get());
    }
    return Optional.of(pick(eligible, view));
  }

  private String pick(List<String> eligible, ClusterView view) {
    Optional<String> to = view.relocation().flatMap(ClusterView.Relocation::to);
    if (to.isPresent() && eligible.contains(to.get())) {
      return to.get();
    }
    return eligible.get(0);
  }

  /** Eligible nodes, most preferred first. */
  public List<String> eligible(ClusterView view) {
    Set<String> banned = new java.util.HashSet<>(view.bannedNodes());
    banned.addAll(view.standbyNodes());
    List<String> out = new ArrayList<>();
    domain.members().stream()
        .sorted(memberOrder())
        .map(FailoverDomain.Member::node)
        .filter(n -> view.liveNodes().containsKey(n) && !banned.contains(n))
        .forEach(out::add);
    if (!domain.restricted()) {
      for (String n : clusterNodes) {
        if (!out.contains(n) && view.liveNodes().containsKey(n) && !banned.contains(n)) {
          out.add(n);
        }
      }
    }
    return out;
  }

  private Comparator<FailoverDomain.Member> memberOrder() {
    if (domain.ordered()) {
      return Comparator.comparingInt(FailoverDomain.Member::priority);
    }
    // Unordered: members are equal; configuration order keeps every agent's choice the same.
    return (a, b) -> 0;
  }

  private Optional<String> failbackTarget(Owner owner, List<String> eligible, ClusterView view) {
    if (!domain.ordered() || domain.nofailback()) {
      return Optional.empty();
    }
    Optional<FailoverDomain.Member> ownerMember = domain.member(owner.node());
    for (String candidate : eligible) {
      if (candidate.equals(owner.node())) {
        return Optional.empty();
      }
      Optional<FailoverDomain.Member> m = domain.member(candidate);
      if (m.isEmpty()) {
        return Optional.empty();
      }
      boolean better = ownerMember.isEmpty() || m.get().priority() < ownerMember.get().priority();
      // Only a node that (re)joined after the owner took the service triggers failback: a node
      // passed over on purpose (relocation, expired ban) does not pull the service back.
      if (better && view.liveNodes().get(candidate) > owner.epoch()) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }
}
