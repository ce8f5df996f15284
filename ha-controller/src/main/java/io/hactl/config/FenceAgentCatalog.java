package io.hactl.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * What the parser may learn about an installed fence agent (the options its {@code -o metadata}
 * declares, which are required) to check fence devices against it. The real one runs the agent on
 * this machine; {@link #UNCHECKED} knows nothing, for readers of an already validated configuration
 * on a machine that need not have the agents (a status command, an agent reading the stored
 * configuration).
 */
public interface FenceAgentCatalog {
  /**
   * Describes the fence agent {@code agent} (a program name or an absolute path).
   *
   * @return the agent's description, or empty when this catalog does not check this agent
   * @throws Unusable when the agent is missing, not executable, or its metadata is unusable; the
   *     message names the program and the problem
   */
  Optional<FenceAgentInfo> describe(String agent) throws Unusable;

  /** A catalog that checks nothing. */
  FenceAgentCatalog UNCHECKED = agent -> Optional.empty();

  /**
   * What the metadata of a fence agent says about its options. Option names compare as the
   * fence-agents library reads stdin: {@code -} and {@code _} alike.
   *
   * @param program the program that was asked
   * @param options every option name, normalized ({@code _}), in the metadata's order
   * @param requiredGroups for each required option, the names that satisfy it (itself and the names
   *     it obsoletes or is obsoleted by, such as {@code ip}/{@code ipaddr})
   */
  record FenceAgentInfo(String program, List<String> options, List<List<String>> requiredGroups) {
    /** Options hactl writes on the agent's stdin itself; they are never required from a file. */
    public static final Set<String> SET_BY_HACTL = Set.of("action", "nodename");

    public FenceAgentInfo {
      options = List.copyOf(options);
      requiredGroups = requiredGroups.stream().map(List::copyOf).toList();
    }

    /** {@code key} as the agent compares it. */
    public static String normalize(String key) {
      return key.toLowerCase(Locale.ROOT).replace('-', '_');
    }

    /** Whether the agent reads option {@code key} (the agent ignores unknown options silently). */
    public boolean accepts(String key) {
      String k = normalize(key);
      return options.contains(k) || k.equals("nodename");
    }

    /** For each required option none of whose names is among {@code given}: its names. */
    public List<List<String>> missing(Set<String> given) {
      Set<String> have = Set.copyOf(given.stream().map(FenceAgentInfo::normalize).toList());
      List<List<String>> out = new ArrayList<>();
      for (List<String> group : requiredGroups) {
        if (group.stream().noneMatch(have::contains)
            && group.stream().noneMatch(SET_BY_HACTL::contains)) {
          out.add(group);
        }
      }
      return out;
    }

    /** For error messages: the option names of this agent, without hactl's own. */
    public List<String> settable() {
      return options.stream().filter(o -> !SET_BY_HACTL.contains(o)).toList();
    }
  }

  /** The agent cannot be used; the message says why and names the program. */
  final class Unusable extends Exception {
    private final boolean missing;

    public Unusable(String message, boolean missing) {
      super(message);
      this.missing = missing;
    }

    /** True when the agent is not installed on this machine (as opposed to broken). */
    public boolean missing() {
      return missing;
    }
  }
}
