package io.hactl.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads and checks the {@code failoverDomains:} section, including that every member is a defined
 * node listed once. It does not check that a domain is used by any service.
 */
final class DomainReader {
  static final String PATH = "failoverDomains";
  static final List<String> KEYS = List.of("ordered", "restricted", "nofailback", "nodes");
  static final List<String> MEMBER_KEYS = List.of("node", "priority");

  private final Problems problems;

  DomainReader(Problems problems) {
    this.problems = problems;
  }

  /**
   * The valid domains among {@code entries}, in file order.
   *
   * @param nodeNames the nodes defined in the file, or null when the nodes section is unusable
   *     (then member names are not checked against it)
   */
  Map<String, FailoverDomain> read(Map<String, JsonNode> entries, Set<String> nodeNames) {
    Map<String, FailoverDomain> out = new LinkedHashMap<>();
    entries.forEach(
        (name, v) -> {
          FailoverDomain d = domain(name, v, Fields.key(PATH, name), nodeNames);
          if (d != null) {
            out.put(name, d);
          }
        });
    return out;
  }

  private FailoverDomain domain(String name, JsonNode v, String path, Set<String> nodeNames) {
    int before = problems.count();
    Fields f = Fields.of(v, path, problems, KEYS);
    if (f == null) {
      return null;
    }
    Boolean ordered = f.bool("ordered", true);
    Boolean restricted = f.bool("restricted", true);
    Boolean nofailback = f.bool("nofailback", false);
    List<FailoverDomain.Member> members = members(f, nodeNames);
    if (problems.count() != before) {
      return null;
    }
    return new FailoverDomain(name, members, ordered, restricted, nofailback);
  }

  private List<FailoverDomain.Member> members(Fields f, Set<String> nodeNames) {
    JsonNode v = f.required("nodes", "the member nodes, most preferred first");
    if (v == null) {
      return null;
    }
    if (!v.isArray() || v.isEmpty()) {
      problems.add(
          f.path("nodes"),
          "must be a non-empty list of node names, most preferred first, or of {node: NAME,"
              + " priority: N} (got "
              + Fields.describe(v)
              + ")");
      return null;
    }
    List<FailoverDomain.Member> out = new ArrayList<>();
    Map<String, String> seen = new HashMap<>();
    for (int i = 0; i < v.size(); i++) {
      out.add(member(v.get(i), Fields.index(f.path("nodes"), i), i + 1, nodeNames, seen));
    }
    return out.contains(null) ? null : out;
  }

  private FailoverDomain.Member member(
      JsonNode v, String path, int position, Set<String> nodeNames, Map<String, String> seen) {
    String node;
    String nodePath = path;
    Integer priority = position;
    if (v.isTextual()) {
      node = v.asText();
    } else if (v.isObject()) {
      Fields f = Fields.of(v, path, problems, MEMBER_KEYS);
      node = f.requiredString("node", "a node name");
      nodePath = f.path("node");
      priority = f.integer("priority", position, Limits.PRIORITY);
    } else {
      problems.add(
          path,
          "must be a node name or {node: NAME, priority: N} (got " + Fields.describe(v) + ")");
      return null;
    }
    if (node == null || priority == null) {
      return null;
    }
    if (!known(node, nodePath, nodeNames) || !once(node, nodePath, path, seen)) {
      return null;
    }
    return new FailoverDomain.Member(node, priority);
  }

  private boolean known(String node, String nodePath, Set<String> nodeNames) {
    if (nodeNames == null || nodeNames.contains(node)) {
      return true;
    }
    problems.add(
        nodePath,
        "unknown node \""
            + node
            + "\"; "
            + (nodeNames.isEmpty()
                ? "no nodes are defined"
                : "defined nodes: " + String.join(", ", nodeNames)));
    return false;
  }

  private boolean once(String node, String nodePath, String path, Map<String, String> seen) {
    String first = seen.putIfAbsent(node, path);
    if (first != null) {
      problems.add(
          nodePath,
          "node \"" + node + "\" is listed twice (first at " + first + "); list each node once");
    }
    return first == null;
  }
}
