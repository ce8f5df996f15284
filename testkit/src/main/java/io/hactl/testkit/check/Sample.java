package io.hactl.testkit.check;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The state of every node from scan k on, until the next sample: the observer records a sample only
 * when the state changes.
 *
 * @param nanos time of scan k on the harness's monotonic clock
 * @param nodes state per node name
 */
public record Sample(long nanos, Map<String, NodeState> nodes) {
  public Sample {
    nodes = Map.copyOf(nodes);
  }

  public NodeState node(String name) {
    return nodes.getOrDefault(name, NodeState.IDLE);
  }

  /** Names of the nodes that hold the spool mount. */
  public List<String> mountHolders() {
    return nodes.entrySet().stream()
        .filter(e -> e.getValue().holdsMount())
        .map(Map.Entry::getKey)
        .sorted()
        .toList();
  }

  /** Number of daemons alive across all nodes. */
  public int daemonCount() {
    return nodes.values().stream().mapToInt(n -> n.daemons().size()).sum();
  }

  /** The one node running the service while no other node touches it; else null. */
  public String soleRunner() {
    var runners = nodes.entrySet().stream().filter(e -> e.getValue().runs()).toList();
    if (runners.size() != 1) {
      return null;
    }
    String runner = runners.get(0).getKey();
    boolean othersClean =
        nodes.entrySet().stream()
            .filter(e -> !e.getKey().equals(runner))
            .noneMatch(e -> e.getValue().touchesService());
    return othersClean && runners.get(0).getValue().daemons().size() == 1 ? runner : null;
  }

  @Override
  public String toString() {
    return nanos
        + " "
        + nodes.entrySet().stream()
            .sorted(Map.Entry.comparingByKey())
            .map(e -> e.getKey() + "=" + describe(e.getValue()))
            .collect(Collectors.joining(" "));
  }

  private static String describe(NodeState s) {
    String m = s.holdsMount() ? "M" : (s.mountedAtScan() || s.mountedAtNextScan() ? "m" : "-");
    return m + s.daemons();
  }
}
