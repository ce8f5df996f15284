package io.hactl.itests.cluster;

import io.hactl.itests.support.Scripts;
import io.hactl.testkit.support.HarnessException;
import io.hactl.testkit.support.Host;
import io.hactl.testkit.support.Procfs;
import io.hactl.testkit.support.Shell;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The shared spool reached by each node through its own FUSE "NFS client", so that storage can die
 * for one node only, as a dead NFS path does for one client. Before its agent starts, each node (in
 * its private mount namespace) mounts the spool with bindfs at {@link #link} (its path to the file
 * server) and that again with a second bindfs at {@link #view} (its client mount); the fs resource
 * bind-mounts {@code view}. {@link #stall} stops the node's {@code link} bindfs.
 *
 * <p>Why two layers: a stopped FUSE server never reads new requests, and the kernel drops an unread
 * request when its caller gets a fatal signal, so behind one stopped bindfs a killed writer simply
 * exits. A dead NFS server is one that took the request and never answers: here the client bindfs
 * takes the daemon's write and then waits on the stalled link, and the writer, once killed, stays
 * in uninterruptible sleep (D) until the client's FUSE connection goes away, which only a power-off
 * (the BMC killing the node's processes, bindfs included) brings. Both FUSE mounts vanish with the
 * node's mount namespace; the host never sees them.
 */
public final class FuseSpool {
  private static final String BOOT_SCRIPT = "hx-node-boot.sh";

  private final Path source;
  private final Path link;
  private final Path view;
  private final Path bootScript;
  private final Shell shell = new Shell(Duration.ofSeconds(10));

  private FuseSpool(Path source, Path link, Path view, Path bootScript) {
    this.source = source;
    this.link = link;
    this.view = view;
    this.bootScript = bootScript;
  }

  /** Empty when this machine can run FUSE spools (bindfs, /dev/fuse, fuse in the kernel). */
  public static Optional<String> missing() {
    Optional<String> bindfs = Host.missingPrograms("bindfs");
    if (bindfs.isPresent()) {
      return Optional.of(bindfs.get() + " (Debian package bindfs)");
    }
    if (!Files.exists(Path.of("/dev/fuse"))) {
      return Optional.of("no /dev/fuse (FUSE not available here)");
    }
    try {
      String fs = Files.readString(Path.of("/proc/filesystems"), StandardCharsets.UTF_8);
      if (!fs.lines().anyMatch(l -> l.endsWith("\tfuse"))) {
        return Optional.of("the kernel has no fuse file system (modprobe fuse)");
      }
    } catch (IOException e) {
      return Optional.of("cannot read /proc/filesystems: " + e.getMessage());
    }
    return Optional.empty();
  }

  /** Creates the mount points and the boot script under the run directory {@code root}. */
  static FuseSpool prepare(Path root, Path source) {
    Optional<String> missing = missing();
    if (missing.isPresent()) {
      throw new HarnessException("FUSE spool requested (hx.fuseSpool) but " + missing.get());
    }
    Path link = root.resolve("nfs-link");
    Path view = root.resolve("nfs-client");
    try {
      Files.createDirectories(link);
      Files.createDirectories(view);
    } catch (IOException e) {
      throw new HarnessException("cannot create FUSE mount points under " + root, e);
    }
    Path boot = Scripts.install(BOOT_SCRIPT, root.resolve("bin/hx-node-boot"));
    return new FuseSpool(source, link, view, boot);
  }

  /** The shared directory behind every node's view (the "export"). */
  public Path source() {
    return source;
  }

  /** Where each node's path to the file server is mounted (empty on the host). */
  public Path link() {
    return link;
  }

  /** Where each node's client mount is (empty on the host): the fs resource's device. */
  public Path view() {
    return view;
  }

  /** The command prefix that mounts a node's FUSE layers and then runs the rest (the agent). */
  List<String> boot() {
    return List.of(
        "/bin/sh",
        bootScript.toString(),
        source.toString(),
        link.toString(),
        view.toString(),
        "--");
  }

  /** The pids of the bindfs serving {@code node}'s path to the file server. */
  public List<Long> linkServers(TestNode node) {
    List<Long> out = new ArrayList<>();
    for (long pid : Procfs.pids()) {
      List<String> argv = Procfs.cmdline(pid);
      if (argv.size() >= 2
          && argv.get(0).endsWith("bindfs")
          && argv.get(argv.size() - 1).equals(link.toString())
          && node.owns(pid)) {
        out.add(pid);
      }
    }
    return out;
  }

  /**
   * Kills the storage path of {@code node} (SIGSTOP of its link bindfs): from now on every request
   * of that node to the spool waits forever. Returns the stopped pids.
   */
  public List<Long> stall(TestNode node) {
    List<Long> pids = linkServers(node);
    if (pids.isEmpty()) {
      throw new HarnessException(node.name() + " has no bindfs serving " + link + " to stall");
    }
    for (long pid : pids) {
      shell.run("kill", "-STOP", Long.toString(pid));
    }
    return pids;
  }

  /** The kernel function {@code pid} sleeps in ({@code /proc/PID/wchan}), or empty. */
  public static String waitChannel(long pid) {
    try {
      return Files.readString(Path.of("/proc", Long.toString(pid), "wchan")).trim();
    } catch (IOException e) {
      return "";
    }
  }
}
