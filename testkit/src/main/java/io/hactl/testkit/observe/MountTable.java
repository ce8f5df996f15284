package io.hactl.testkit.observe;

import io.hactl.testkit.support.Procfs;
import java.util.ArrayList;
import java.util.List;

/** Reads {@code /proc/PID/mountinfo} text (see proc(5)); only the mount-point field matters. */
public final class MountTable {
  private MountTable() {}

  /**
   * Live processes (not this one) that see a mount on {@code mountpoint} in their mount namespace:
   * who still holds a spool. The answer may be stale by the time the caller reads it.
   */
  public static List<Long> holders(String mountpoint) {
    long self = ProcessHandle.current().pid();
    List<Long> out = new ArrayList<>();
    for (long pid : Procfs.pids()) {
      if (pid != self
          && hasMountpoint(Procfs.mountinfo(pid).orElse(""), mountpoint)
          && Procfs.alive(pid)) {
        out.add(pid);
      }
    }
    return out;
  }

  /** Whether a mount sits on {@code mountpoint} (field 5, octal escapes as the kernel writes). */
  public static boolean hasMountpoint(String mountinfo, String mountpoint) {
    String escaped = escape(mountpoint);
    int from = 0;
    while (from < mountinfo.length()) {
      int eol = mountinfo.indexOf('\n', from);
      if (eol < 0) {
        eol = mountinfo.length();
      }
      if (field(mountinfo, from, eol, 4).equals(escaped)) {
        return true;
      }
      from = eol + 1;
    }
    return false;
  }

  private static String field(String s, int from, int to, int index) {
    int start = from;
    for (int i = 0; i < index; i++) {
      int sp = s.indexOf(' ', start);
      if (sp < 0 || sp >= to) {
        return "";
      }
      start = sp + 1;
    }
    int end = s.indexOf(' ', start);
    return s.substring(start, end < 0 || end > to ? to : end);
  }

  /** The kernel's escaping of space, tab, newline and backslash in mountinfo paths. */
  static String escape(String path) {
    return path.replace("\\", "\\134")
        .replace(" ", "\\040")
        .replace("\t", "\\011")
        .replace("\n", "\\012");
  }
}
