package io.hactl.cli.demo;

import io.hactl.resource.ProcState;
import io.hactl.resource.fs.MountTable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Finds processes by walking {@code /proc}: those of a mount namespace, those carrying an
 * environment entry, those whose command line holds given words. Zombies are skipped (they run
 * nothing and hold nothing). Processes this user may not inspect are skipped too. The answer may be
 * stale by the time the caller acts on it.
 */
final class ProcScan {
  private static final Path PROC = Path.of("/proc");
  private static final ProcState STATE = new ProcState();

  private ProcScan() {}

  /** The mount namespace id of {@code pid} ({@code mnt:[INODE]}), if readable. */
  static Optional<String> mountNamespace(long pid) {
    try {
      return Optional.of(
          Files.readSymbolicLink(PROC.resolve(Long.toString(pid)).resolve("ns/mnt")).toString());
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      return Optional.empty();
    }
  }

  /** Live processes whose environment holds exactly {@code entry} ({@code KEY=VALUE}). */
  static List<Long> withEnvironment(String entry) {
    byte[] wanted = entry.getBytes(StandardCharsets.UTF_8);
    return matching(pid -> hasEntry(read(pid, "environ"), wanted));
  }

  /** True when {@code pid}'s environment holds exactly {@code entry}. */
  static boolean hasEnvironment(long pid, String entry) {
    return hasEntry(read(pid, "environ"), entry.getBytes(StandardCharsets.UTF_8));
  }

  /** Live processes whose command line contains every one of {@code words} as an argument. */
  static List<Long> withArguments(String... words) {
    return matching(
        pid -> {
          List<String> args = arguments(pid);
          return Arrays.stream(words).allMatch(args::contains);
        });
  }

  /** Live processes whose mount table holds {@code mountpoint}. */
  static List<Long> withMount(Path mountpoint) {
    return matching(
        pid -> {
          try {
            return MountTable.ofPid(pid).find(mountpoint).isPresent();
          } catch (java.io.UncheckedIOException e) {
            return false;
          }
        });
  }

  /** The arguments of {@code pid} (empty when gone or unreadable). */
  static List<String> arguments(long pid) {
    byte[] raw = read(pid, "cmdline");
    List<String> out = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < raw.length; i++) {
      if (raw[i] == 0) {
        out.add(new String(raw, start, i - start, StandardCharsets.UTF_8));
        start = i + 1;
      }
    }
    return out;
  }

  static boolean running(long pid) {
    return STATE.isRunning(pid);
  }

  private static List<Long> matching(Predicate<Long> test) {
    long self = ProcessHandle.current().pid();
    List<Long> out = new ArrayList<>();
    try (DirectoryStream<Path> procs = Files.newDirectoryStream(PROC, "[0-9]*")) {
      for (Path p : procs) {
        long pid = Long.parseLong(p.getFileName().toString());
        if (pid != self && test.test(pid) && STATE.isRunning(pid)) {
          out.add(pid);
        }
      }
    } catch (IOException e) {
      return out;
    }
    return out;
  }

  private static byte[] read(long pid, String file) {
    try {
      return Files.readAllBytes(PROC.resolve(Long.toString(pid)).resolve(file));
    } catch (IOException | SecurityException e) {
      return new byte[0];
    }
  }

  private static boolean hasEntry(byte[] env, byte[] entry) {
    int start = 0;
    for (int i = 0; i <= env.length; i++) {
      if (i == env.length || env[i] == 0) {
        if (i - start == entry.length && Arrays.equals(env, start, i, entry, 0, entry.length)) {
          return true;
        }
        start = i + 1;
      }
    }
    return false;
  }
}
