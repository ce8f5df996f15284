package io.hactl.testkit.observe;

import io.hactl.testkit.support.Procfs;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Predicate;

/**
 * One pass over the process table, then over the mount tables: which node each daemon of the
 * service runs in, and in which nodes the spool is mounted. Processes are attributed to nodes by
 * network namespace (or environment marker); a node's mount table is read from {@code
 * /proc/PID/mountinfo} of one process per mount namespace found in the node, so a daemon that
 * outlived its agent still counts. A daemon found outside every node is reported under {@link
 * #OUTSIDE}. Not thread-safe.
 */
public final class ProcScanner {
  /** Pseudo node name for daemons that run in no node. */
  public static final String OUTSIDE = "(outside)";

  private final List<Target> targets;
  private final Predicate<List<String>> isDaemon;
  private final Map<Long, String> nodeByNet = new HashMap<>();
  private final boolean byNamespace;

  /**
   * @param daemonScript absolute path of the daemon's script, as it appears in argv[0] or argv[1]
   */
  public ProcScanner(List<Target> targets, String daemonScript) {
    this(targets, script(daemonScript));
  }

  /**
   * @param isDaemon tells the service's daemon by its argv (never called with an empty one)
   */
  public ProcScanner(List<Target> targets, Predicate<List<String>> isDaemon) {
    this.targets = List.copyOf(targets);
    this.isDaemon = isDaemon;
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
    Map<String, Map<Long, List<Long>>> mntPids = new HashMap<>();
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
          mntPids.get(node).computeIfAbsent(mnt.getAsLong(), k -> new ArrayList<>()).add(pid);
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
    return !argv.isEmpty() && isDaemon.test(argv);
  }

  /** A daemon that is the script {@code path}, run directly or by an interpreter. */
  public static Predicate<List<String>> script(String path) {
    return argv -> argv.get(0).equals(path) || (argv.size() > 1 && argv.get(1).equals(path));
  }

  /**
   * A daemon whose argv holds {@code marker} (a script path, a main class) among its first {@code
   * depth} elements: a JVM's main class comes after its options.
   */
  public static Predicate<List<String>> within(String marker, int depth) {
    return argv -> argv.subList(0, Math.min(argv.size(), depth)).contains(marker);
  }

  /** A daemon whose argv holds every one of {@code words} (a main class and its spool, say). */
  public static Predicate<List<String>> arguments(String... words) {
    List<String> all = List.of(words);
    return argv -> argv.containsAll(all);
  }

  /**
   * Whether any mount namespace found among the node's processes has the spool mounted. A namespace
   * is read through any of its processes: one that exited since the walk (a short-lived check, a
   * zombie) reads empty, and must not make a mounted spool look unmounted, so the next is tried.
   */
  private boolean mounted(Target t, Map<Long, List<Long>> mntPids) {
    for (List<Long> pids : mntPids.values()) {
      for (long pid : pids) {
        String info = Procfs.mountinfo(pid).orElse("");
        if (info.isEmpty()) {
          continue; // gone: read the namespace through another of its processes
        }
        if (MountTable.hasMountpoint(info, t.mountpoint())) {
          return true;
        }
        break; // this namespace was read: the spool is not mounted in it
      }
    }
    return false;
  }
}
