package io.hactl.testkit.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.LongPredicate;

/**
 * Reads and acts on /proc: the list of processes, their namespaces, command lines and environments,
 * and KILL of every process a predicate selects. Reads are racy by nature: a process may exit
 * between two reads, which every method treats as "not there".
 */
public final class Procfs {
  private static final Path PROC = Path.of("/proc");

  private Procfs() {}

  /** Every pid currently listed in /proc. */
  public static List<Long> pids() {
    List<Long> out = new ArrayList<>(256);
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(PROC)) {
      for (Path p : ds) {
        String n = p.getFileName().toString();
        if (!n.isEmpty() && Character.isDigit(n.charAt(0))) {
          out.add(Long.parseLong(n));
        }
      }
    } catch (IOException e) {
      throw new HarnessException("cannot list /proc", e);
    }
    return out;
  }

  /**
   * The inode of a namespace of {@code pid} ({@code kind} is {@code net} or {@code mnt}), parsed
   * from the link text {@code net:[4026531840]}; empty when the process is gone or a zombie.
   */
  public static OptionalLong namespace(long pid, String kind) {
    try {
      String link = Files.readSymbolicLink(PROC.resolve(pid + "/ns/" + kind)).toString();
      int open = link.indexOf('[');
      return OptionalLong.of(Long.parseLong(link.substring(open + 1, link.length() - 1)));
    } catch (IOException | RuntimeException e) {
      return OptionalLong.empty();
    }
  }

  /**
   * The inode of a namespace file such as {@code /run/netns/NAME} (what {@link #namespace} sees).
   */
  public static long namespaceFileInode(Path nsFile) {
    try {
      return ((Number) Files.getAttribute(nsFile, "unix:ino")).longValue();
    } catch (IOException e) {
      throw new HarnessException("cannot stat " + nsFile, e);
    }
  }

  /** The argv of {@code pid}; empty for a zombie, a kernel thread or a process that is gone. */
  public static List<String> cmdline(long pid) {
    return nulSeparated(pid, "cmdline");
  }

  /** The environment of {@code pid} as {@code KEY=value} strings; empty when unreadable. */
  public static List<String> environ(long pid) {
    return nulSeparated(pid, "environ");
  }

  private static List<String> nulSeparated(long pid, String file) {
    byte[] raw;
    try {
      raw = Files.readAllBytes(PROC.resolve(pid + "/" + file));
    } catch (IOException e) {
      return List.of();
    }
    if (raw.length == 0) {
      return List.of();
    }
    String s = new String(raw, StandardCharsets.UTF_8);
    return Arrays.asList(s.split("\0"));
  }

  /** The text of {@code /proc/PID/mountinfo}, or empty when the process is gone. */
  public static Optional<String> mountinfo(long pid) {
    try {
      return Optional.of(Files.readString(PROC.resolve(pid + "/mountinfo")));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** The one-letter state of {@code pid} (R, S, D, T, Z...), or empty when it is gone. */
  public static Optional<Character> state(long pid) {
    try {
      String stat = Files.readString(PROC.resolve(pid + "/stat"));
      int close = stat.lastIndexOf(')');
      return Optional.of(stat.charAt(close + 2));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** The parent pid of {@code pid}, or empty when it is gone. */
  public static OptionalLong parent(long pid) {
    try {
      String stat = Files.readString(PROC.resolve(pid + "/stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return OptionalLong.of(Long.parseLong(f[1]));
    } catch (IOException | RuntimeException e) {
      return OptionalLong.empty();
    }
  }

  /** True while {@code pid} exists and is not a zombie. */
  public static boolean alive(long pid) {
    Optional<Character> s = state(pid);
    return s.isPresent() && s.get() != 'Z' && s.get() != 'X';
  }

  /**
   * Sends KILL to every live process selected by {@code which}, repeatedly, until none is left or
   * {@code rounds} passes are done (a process may fork while its siblings die). Returns how many
   * distinct processes were signalled.
   */
  public static int killAll(LongPredicate which, int rounds) {
    long self = ProcessHandle.current().pid();
    Set<Long> hit = new HashSet<>();
    for (int i = 0; i < rounds; i++) {
      List<Long> victims = new ArrayList<>();
      for (long pid : pids()) {
        if (pid != self && alive(pid) && which.test(pid)) {
          victims.add(pid);
        }
      }
      if (victims.isEmpty()) {
        break;
      }
      for (long pid : victims) {
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        hit.add(pid);
      }
    }
    return hit.size();
  }

  /**
   * Sends KILL to every live process selected by {@code which} until none is left, as a machine
   * that dies: a process that forks meanwhile is caught on the next pass.
   *
   * @return the distinct pids signalled, in the order they were first hit
   * @throws HarnessException when some are still alive after {@code timeout} (uninterruptible
   *     sleep)
   */
  public static List<Long> killUntilGone(String what, LongPredicate which, Duration timeout) {
    long self = ProcessHandle.current().pid();
    Set<Long> hit = new LinkedHashSet<>();
    Waits.until(
        what + " gone after KILL",
        timeout,
        Duration.ofMillis(10),
        () -> {
          boolean any = false;
          for (long pid : pids()) {
            if (pid != self && alive(pid) && which.test(pid)) {
              any = true;
              ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
              hit.add(pid);
            }
          }
          return !any;
        });
    return List.copyOf(hit);
  }

  /** Live processes (not this one) whose environment holds exactly {@code entry} (KEY=VALUE). */
  public static List<Long> withEnvironment(String entry) {
    long self = ProcessHandle.current().pid();
    List<Long> out = new ArrayList<>();
    for (long pid : pids()) {
      if (pid != self && environ(pid).contains(entry) && alive(pid)) {
        out.add(pid);
      }
    }
    return out;
  }

  /** Whether any live process is selected by {@code which}. */
  public static boolean any(LongPredicate which) {
    for (long pid : pids()) {
      if (alive(pid) && which.test(pid)) {
        return true;
      }
    }
    return false;
  }
}
