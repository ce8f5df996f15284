package io.hactl.ocf;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Network namespaces for a small cluster on one host: a switch namespace with a bridge, and one
 * namespace per node with a veth {@code eth0} on it. Node {@code i} (from 1) is {@code .i} of a /24
 * in 10.214.0.0/16 that the host's routes do not use; addresses {@code .100+i} live on the bridge
 * itself, for the nodes' simulated BMCs. Nothing is changed in the host's own network. Closing
 * kills every process left in these namespaces and deletes them.
 */
final class NodeNet implements AutoCloseable {
  private final String id;
  private final String prefix;
  private final int nodes;
  private final List<String> created = new ArrayList<>();

  private NodeNet(String id, String prefix, int nodes) {
    this.id = id;
    this.prefix = prefix;
    this.nodes = nodes;
  }

  /** Skips the test unless root and the namespace tools are available. */
  static void skipUnlessAvailable() {
    Skip.unlessRoot();
    Skip.unlessPrograms("ip", "unshare", "nsenter", "find");
  }

  static NodeNet create(String id, int nodes) {
    String routes = sh(List.of("ip", "-4", "route", "show", "table", "all")).output();
    int octet = Math.floorMod(id.hashCode(), 250) + 1;
    while (routes.contains("10.214." + octet + ".")) {
      octet = octet % 250 + 1;
    }
    NodeNet net = new NodeNet(id, "10.214." + octet + ".", nodes);
    try {
      net.build();
      return net;
    } catch (RuntimeException e) {
      net.close();
      throw e;
    }
  }

  private void build() {
    String sw = switchNs();
    addNs(sw);
    ip("-n", sw, "link", "set", "lo", "up");
    ip("-n", sw, "link", "add", "br0", "type", "bridge");
    ip("-n", sw, "link", "set", "br0", "up");
    for (int i = 1; i <= nodes; i++) {
      ip("-n", sw, "addr", "add", bmcAddress(i) + "/24", "dev", "br0");
      String ns = nodeNs(i);
      addNs(ns);
      ip("-n", sw, "link", "add", "n" + i, "type", "veth", "peer", "name", "eth0", "netns", ns);
      ip("-n", sw, "link", "set", "n" + i, "master", "br0", "up");
      ip("-n", ns, "addr", "add", nodeAddress(i) + "/24", "dev", "eth0");
      ip("-n", ns, "link", "set", "eth0", "up");
      ip("-n", ns, "link", "set", "lo", "up");
    }
  }

  private void addNs(String ns) {
    ip("netns", "add", ns);
    created.add(ns);
  }

  String switchNs() {
    return id + "-sw";
  }

  String nodeNs(int i) {
    return id + "-n" + i;
  }

  String nodeAddress(int i) {
    return prefix + i;
  }

  String bmcAddress(int i) {
    return prefix + (100 + i);
  }

  /** The inode of a namespace's network namespace, as /proc/PID/ns/net links show it. */
  long inode(String ns) {
    try {
      return (Long) Files.getAttribute(Path.of("/run/netns", ns), "unix:ino");
    } catch (IOException e) {
      throw new UncheckedIOException("no network namespace " + ns, e);
    }
  }

  /** The processes in a namespace's network namespace, found by walking /proc. */
  List<Long> pids(String ns) {
    String link = "net:[" + inode(ns) + "]";
    List<Long> pids = new ArrayList<>();
    try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
      for (Path p : procs.toList()) {
        String name = p.getFileName().toString();
        if (name.chars().allMatch(Character::isDigit)) {
          try {
            if (Files.readSymbolicLink(p.resolve("ns/net")).toString().equals(link)) {
              pids.add(Long.parseLong(name));
            }
          } catch (IOException | SecurityException e) {
            // gone meanwhile, or a kernel thread
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return pids;
  }

  /** KILLs every process of a namespace, as a power cut does; repeats for late children. */
  void killAll(String ns) {
    for (int pass = 0; pass < 20; pass++) {
      List<Long> pids = pids(ns);
      if (pids.isEmpty()) {
        return;
      }
      pids.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
    }
  }

  @Override
  public void close() {
    for (int i = created.size() - 1; i >= 0; i--) {
      String ns = created.get(i);
      killAll(ns);
      sh(List.of("ip", "netns", "del", ns));
    }
    created.clear();
  }

  private static void ip(String... args) {
    List<String> cmd = new ArrayList<>(List.of("ip"));
    cmd.addAll(List.of(args));
    Proc.Result r = sh(cmd);
    if (r.rc() != 0) {
      throw new AssertionError(r.describe());
    }
  }

  private static Proc.Result sh(List<String> cmd) {
    return Proc.run(cmd, Map.of(), Duration.ofSeconds(20), Path.of("/"));
  }
}
