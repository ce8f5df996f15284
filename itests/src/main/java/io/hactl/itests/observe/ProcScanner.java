package io.hactl.itests.observe;

import io.hactl.itests.support.Procfs;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

/**
 * One pass over the process table, then over the mount tables: which node each heartbeat daemon
 * runs in, and in which nodes the spool is mounted. Processes are attributed to nodes by network
 * namespace (or environment marker); a node's mount table is read from {@code /proc/PID/mountinfo}
 * of one process per mount namespace found in the node, so a daemon that outlived its agent still
 * counts. A daemon found outside every node is reported under {@link #OUTSIDE}. Not thread-safe.
 */
public final class ProcScanner {
  /** Pseudo node name for heartbeat daemons that run in no node. */
  public static final String OUTSIDE = "(outside)";

  private final List<Target> targets;
  private final String daemonScript;
  private final int argvDepth;
  private final Map<Long, String> nodeByNet = new HashMap<>();
  private final boolean byNamespace;

  /**
   * @param daemonScript absolute path of the heartbeat script, as it appears in argv
   */
  public ProcScanner(List<Target> targets, String daemonScript) {
    this(targets, daemonScript, 2);
  }

  /**
   * @param daemonMarker the argv element that marks a daemon (a script path, a main class)
   * @param argvDepth how many leading argv elements may hold it (a JVM's main class comes after its
   *     options)
   */
  public ProcScanner(List<Target> targets, String daemonMarker, int argvDepth) {
    this.targets = List.copyOf(targets);
    this.daemonScript = daemonMarker;
    this.argvDepth = argvDepth;
    for (Target t : targets) {
      t.netInode().ifPresent(ino -> nodeByNet.put(ino, t.node()));
    }
    this.byNamespace = !nodeByNet.isEmpty();
  }

  /** What one node looked like in one scan. */
  public record RawNode(boolean mounted, Set<Long> daemons) {}

  /** Scans now; the result maps every target node (and possibly {@link #OUTSIDE}). */
  public Map<String, RawNode> scan() {
    Map<String, Set<Long>> daemons = new LinkedHashMap<>();
    Map<String, Map<Long, Long>> mntPids = new HashMap<>();
    for (Target t : targets) {
      daemons.put(t.node(), new HashSet<>());
      mntPids.put(t.node(), new LinkedHashMap<>());
    }
    Map<Long, String> candidates = new HashMap<>();
    for (long pid : Procfs.pids()) {
      String node = nodeOf(pid);
      if (isDaemon(pid)) {
        candidates.put(pid, node == null ? OUTSIDE : node);
      }
      if (node != null) {
        OptionalLong mnt = Procfs.namespace(pid, "mnt");
        if (mnt.isPresent()) {
          mntPids.get(node).putIfAbsent(mnt.getAsLong(), pid);
        }
      }
    }
    for (Map.Entry<Long, String> c : candidates.entrySet()) {
      // A daemon's own fork, caught before it execs, carries the daemon's command line too: it
      // is part of that daemon, not a second one.
      if (!candidates.containsKey(Procfs.parent(c.getKey()).orElse(-1))) {
        daemons.computeIfAbsent(c.getValue(), k -> new HashSet<>()).add(c.getKey());
      }
    }
    Map<String, RawNode> out = new LinkedHashMap<>();
    for (Target t : targets) {
      out.put(t.node(), new RawNode(mounted(t, mntPids.get(t.node())), daemons.get(t.node())));
    }
    if (daemons.containsKey(OUTSIDE)) {
      out.put(OUTSIDE, new RawNode(false, daemons.get(OUTSIDE)));
    }
    return out;
  }

  private String nodeOf(long pid) {
    if (byNamespace) {
      OptionalLong net = Procfs.namespace(pid, "net");
      return net.isPresent() ? nodeByNet.get(net.getAsLong()) : null;
    }
    List<String> env = Procfs.environ(pid);
    for (Target t : targets) {
      if (env.contains(t.envMarker())) {
        return t.node();
      }
    }
    return null;
  }

  private boolean isDaemon(long pid) {
    List<String> argv = Procfs.cmdline(pid);
    int n = Math.min(argv.size(), argvDepth);
    for (int i = 0; i < n; i++) {
      if (argv.get(i).equals(daemonScript)) {
        return true;
      }
    }
    return false;
  }

  /** Whether any mount namespace found among the node's processes has the spool mounted. */
  private boolean mounted(Target t, Map<Long, Long> mntPids) {
    for (long pid : mntPids.values()) {
      String info = Procfs.mountinfo(pid).orElse("");
      if (MountTable.hasMountpoint(info, t.mountpoint())) {
        return true;
      }
    }
    return false;
  }
}
