package io.hactl.resource.fs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads the mount table of a process from {@code /proc/PID/mountinfo}: the kernel's own view of
 * what is mounted in that process's mount namespace. Reading it never touches a mounted file
 * system, so it cannot hang on a dead NFS server. Paths are compared as given (normalized, not
 * resolved: resolving symlinks would touch the file system), so configured mount points must be
 * canonical. Every call reads the file afresh; it does not guarantee the mount is still there a
 * moment later.
 */
public final class MountTable {
  private final Path mountinfo;

  /** The agent's own mount table. */
  public MountTable() {
    this(Path.of("/proc/self/mountinfo"));
  }

  /** The table in the given mountinfo file (for another process, or a test). */
  public MountTable(Path mountinfo) {
    this.mountinfo = mountinfo;
  }

  /** The mount table of process {@code pid}, which may live in another mount namespace. */
  public static MountTable ofPid(long pid) {
    return new MountTable(Path.of("/proc", Long.toString(pid), "mountinfo"));
  }

  /**
   * Every mount, in kernel order (a mount stacked on another comes later).
   *
   * @throws UncheckedIOException when the table cannot be read (no /proc)
   */
  public List<MountEntry> entries() {
    try {
      return parse(new String(Files.readAllBytes(mountinfo), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + mountinfo, e);
    }
  }

  /** The topmost mount on {@code mountpoint}, if any. */
  public Optional<MountEntry> find(Path mountpoint) {
    Path wanted = mountpoint.toAbsolutePath().normalize();
    MountEntry top = null;
    for (MountEntry e : entries()) {
      if (e.mountPoint().equals(wanted)) {
        top = e;
      }
    }
    return Optional.ofNullable(top);
  }

  public boolean isMounted(Path mountpoint) {
    return find(mountpoint).isPresent();
  }

  /** Parses mountinfo text; lines that do not have the documented shape are skipped. */
  public static List<MountEntry> parse(String text) {
    List<MountEntry> out = new ArrayList<>();
    for (String line : text.split("\n")) {
      parseLine(line).ifPresent(out::add);
    }
    return out;
  }

  // 36 35 98:0 /mnt1 /mnt2 rw,noatime master:1 - ext3 /dev/root rw,errors=continue
  private static Optional<MountEntry> parseLine(String line) {
    String[] f = line.trim().split(" ");
    int dash = -1;
    for (int i = 6; i < f.length; i++) {
      if (f[i].equals("-")) {
        dash = i;
        break;
      }
    }
    if (dash < 0 || dash + 3 > f.length) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          new MountEntry(
              Integer.parseInt(f[0]),
              Integer.parseInt(f[1]),
              unescape(f[3]),
              Path.of(unescape(f[4])),
              f[5],
              unescape(f[dash + 1]),
              unescape(f[dash + 2]),
              dash + 3 < f.length ? f[dash + 3] : ""));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /**
   * Decodes the kernel's octal escapes ({@code \040} space, {@code \011} tab, {@code \134} ...).
   */
  static String unescape(String s) {
    if (s.indexOf('\\') < 0) {
      return s;
    }
    byte[] in = s.getBytes(StandardCharsets.UTF_8);
    byte[] out = new byte[in.length];
    int n = 0;
    for (int i = 0; i < in.length; i++) {
      if (in[i] == '\\' && i + 3 < in.length && isOctal(in, i + 1)) {
        out[n++] = (byte) ((in[i + 1] - '0') * 64 + (in[i + 2] - '0') * 8 + (in[i + 3] - '0'));
        i += 3;
      } else {
        out[n++] = in[i];
      }
    }
    return new String(out, 0, n, StandardCharsets.UTF_8);
  }

  private static boolean isOctal(byte[] b, int from) {
    for (int i = from; i < from + 3; i++) {
      if (b[i] < '0' || b[i] > '7') {
        return false;
      }
    }
    return true;
  }
}
