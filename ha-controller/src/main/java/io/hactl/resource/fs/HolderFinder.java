package io.hactl.resource.fs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Finds the processes that hold a mount busy by walking {@code /proc}: each process's cwd, root,
 * exe, every open file descriptor and every mapped file whose path is the mount point or below it.
 * It only reads {@code /proc} (links are read with readlink, which asks the kernel for the path it
 * remembers) and never stats anything under the mount point, so a dead NFS server cannot hang it;
 * this is why it replaces {@code fuser}. The agent's own process is never reported.
 *
 * <p>It does not guarantee completeness: a process that appears after the walk, one in another
 * mount namespace whose paths differ, or a kernel user of the mount (a loop device, a nested mount)
 * is not found. A process whose cwd is the mount-point directory underneath the mount looks the
 * same as one inside it and is reported too.
 */
public final class HolderFinder {
  private static final String DELETED = " (deleted)";

  private final Path procRoot;
  private final long selfPid;

  public HolderFinder() {
    this(Path.of("/proc"), ProcessHandle.current().pid());
  }

  public HolderFinder(Path procRoot, long selfPid) {
    this.procRoot = procRoot;
    this.selfPid = selfPid;
  }

  /** Every process holding {@code mountpoint} or a path below it, ordered by pid. */
  public List<Holder> find(Path mountpoint) {
    String mp = mountpoint.toAbsolutePath().normalize().toString();
    List<Holder> out = new ArrayList<>();
    for (long pid : pids()) {
      if (pid != selfPid) {
        holder(pid, mp).ifPresent(out::add);
      }
    }
    return out;
  }

  private List<Long> pids() {
    List<Long> pids = new ArrayList<>();
    try (DirectoryStream<Path> dir = Files.newDirectoryStream(procRoot)) {
      for (Path p : dir) {
        String name = p.getFileName().toString();
        if (!name.isEmpty() && name.chars().allMatch(Character::isDigit)) {
          pids.add(Long.parseLong(name));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + procRoot, e);
    }
    pids.sort(null);
    return pids;
  }

  private Optional<Holder> holder(long pid, String mp) {
    Path proc = procRoot.resolve(Long.toString(pid));
    Set<String> uses = new LinkedHashSet<>();
    for (String link : List.of("cwd", "root", "exe")) {
      if (under(readLink(proc.resolve(link)), mp)) {
        uses.add(link);
      }
    }
    addFds(proc, mp, uses);
    addMaps(proc, mp, uses);
    if (uses.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new Holder(pid, comm(proc), new ArrayList<>(uses)));
  }

  private void addFds(Path proc, String mp, Set<String> uses) {
    try (DirectoryStream<Path> fds = Files.newDirectoryStream(proc.resolve("fd"))) {
      for (Path fd : fds) {
        if (under(readLink(fd), mp)) {
          uses.add("fd " + fd.getFileName());
        }
      }
    } catch (IOException | SecurityException e) {
      // The process exited, or is a kernel thread: it holds nothing.
    }
  }

  // 7f3c...-7f3c... r-xp 00000000 fe:00 1234   /usr/bin/sleep
  private void addMaps(Path proc, String mp, Set<String> uses) {
    String maps;
    try {
      maps = new String(Files.readAllBytes(proc.resolve("maps")), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return;
    }
    for (String line : maps.split("\n")) {
      String[] f = line.trim().split("\\s+", 6);
      if (f.length == 6 && under(f[5], mp)) {
        uses.add("map " + stripDeleted(f[5]));
      }
    }
  }

  private static String readLink(Path link) {
    try {
      return Files.readSymbolicLink(link).toString();
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      return null;
    }
  }

  private static String comm(Path proc) {
    try {
      return Files.readString(proc.resolve("comm"), StandardCharsets.UTF_8).trim();
    } catch (IOException e) {
      return "?";
    }
  }

  /** True when {@code path} is {@code mp} or below it; the "(deleted)" mark is ignored. */
  static boolean under(String path, String mp) {
    if (path == null || !path.startsWith("/")) {
      return false;
    }
    String p = stripDeleted(path);
    if (mp.equals("/")) {
      return true;
    }
    return p.equals(mp) || p.startsWith(mp + "/");
  }

  private static String stripDeleted(String path) {
    return path.endsWith(DELETED) ? path.substring(0, path.length() - DELETED.length()) : path;
  }
}
