package io.hactl.config;

import java.util.List;
import java.util.Optional;

/**
 * The nodes a service may run on, with rgmanager semantics.
 *
 * @param name domain name
 * @param members member nodes with their priorities (lower number = preferred)
 * @param ordered prefer members by priority; otherwise all members are equal
 * @param restricted never run the service outside this domain
 * @param nofailback do not move the service back when a preferred member returns
 */
public record FailoverDomain(
    String name, List<Member> members, boolean ordered, boolean restricted, boolean nofailback) {

  public FailoverDomain {
    members = List.copyOf(members);
  }

  public Optional<Member> member(String node) {
    return members.stream().filter(m -> m.node().equals(node)).findFirst();
  }

  /** One member of a domain; priority 1 is the most preferred. */
  public record Member(String node, int priority) {}
}
