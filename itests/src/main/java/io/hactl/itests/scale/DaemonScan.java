package io.hactl.itests.scale;

import io.hactl.testkit.support.Procfs;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Looks at the scale benchmark's daemons from outside hactl: every live {@code sleep} process with
 * the benchmark's argument whose environment names this run's cluster, by the service and node
 * hactl put in its environment. A pid is read once (its environment does not change); later scans
 * only check that it is still alive and not a zombie. It does not notice a pid reused by an
 * unrelated process within one run (pid_max makes that unlikely within minutes).
 */
final class DaemonScan {
  /** One daemon seen running. */
  record Daemon(long pid, String service, String node) {}

  private final String clusterEntry;
  private final Map<Long, Daemon> known = new HashMap<>();
  private final Set<Long> others = new HashSet<>();

  DaemonScan(String cluster) {
    this.clusterEntry = "HACTL_CLUSTER=" + cluster;
  }

  /** Every daemon of the run alive now. */
  List<Daemon> scan() {
    List<Daemon> out = new ArrayList<>();
    Set<Long> seen = new HashSet<>();
    for (long pid : Procfs.pids()) {
      seen.add(pid);
      if (others.contains(pid)) {
        continue;
      }
      Daemon d = known.get(pid);
      if (d == null) {
        d = identify(pid);
        if (d == null) {
          continue;
        }
        known.put(pid, d);
      }
      if (Procfs.alive(pid)) {
        out.add(d);
      }
    }
    known.keySet().retainAll(seen);
    others.retainAll(seen);
    return out;
  }

  private Daemon identify(long pid) {
    List<String> argv = Procfs.cmdline(pid);
    if (argv.isEmpty()) {
      return null; // a zombie or a process starting: look again next time
    }
    if (argv.size() != 2
        || !argv.get(0).endsWith("sleep")
        || !argv.get(1).equals(ScaleConfig.DAEMON_SECONDS)) {
      if (!mayStillExec(argv.get(0))) {
        others.add(pid);
      }
      return null;
    }
    List<String> env = Procfs.environ(pid);
    if (!env.contains(clusterEntry)) {
      others.add(pid);
      return null;
    }
    String service = value(env, "HACTL_SERVICE=");
    String node = value(env, "HACTL_NODE=");
    return service == null || node == null ? null : new Daemon(pid, service, node);
  }

  /**
   * Whether a process may be a JVM's child between fork and exec (its argv is still the parent's,
   * or the spawn helper's): it must be looked at again.
   */
  private static boolean mayStillExec(String argv0) {
    return argv0.endsWith("java") || argv0.endsWith("jspawnhelper");
  }

  private static String value(List<String> env, String prefix) {
    for (String e : env) {
      if (e.startsWith(prefix)) {
        return e.substring(prefix.length());
      }
    }
    return null;
  }

  /** Services by the nodes running them, from one scan. */
  static Map<String, List<String>> byService(List<Daemon> daemons) {
    Map<String, List<String>> out = new HashMap<>();
    for (Daemon d : daemons) {
      out.computeIfAbsent(d.service(), k -> new ArrayList<>()).add(d.node());
    }
    return out;
  }
}
