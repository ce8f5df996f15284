package io.hactl.agent;

import io.hactl.resource.ProcState;
import io.hactl.resource.ProcessKiller;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds and kills daemons an earlier run of this node's agent left behind: processes whose
 * environment carries {@code HACTL_CLUSTER} and {@code HACTL_SERVICE} of the service (every {@code
 * exec} resource gets them). Walks {@code /proc}; never touches the spool. It cannot see daemons
 * that cleared their environment.
 */
final class OrphanReaper {
  private static final Logger LOG = LoggerFactory.getLogger(OrphanReaper.class);
  private static final Duration KILL_WAIT = Duration.ofMillis(500);

  private OrphanReaper() {}

  /** Pids of the service's leftover processes on this machine (this process excluded). */
  static List<Long> find(String cluster, String service) {
    byte[] wantCluster = ("HACTL_CLUSTER=" + cluster).getBytes(StandardCharsets.UTF_8);
    byte[] wantService = ("HACTL_SERVICE=" + service).getBytes(StandardCharsets.UTF_8);
    long self = ProcessHandle.current().pid();
    List<Long> out = new ArrayList<>();
    try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
      for (Path p : procs) {
        long pid = Long.parseLong(p.getFileName().toString());
        if (pid == self) {
          continue;
        }
        try {
          byte[] env = Files.readAllBytes(p.resolve("environ"));
          if (containsEntry(env, wantCluster) && containsEntry(env, wantService)) {
            out.add(pid);
          }
        } catch (IOException | SecurityException e) {
          // gone, or not ours to read
        }
      }
    } catch (IOException e) {
      LOG.warn("cannot list /proc: {}", e.toString());
    }
    return out;
  }

  private static boolean containsEntry(byte[] env, byte[] entry) {
    int start = 0;
    for (int i = 0; i <= env.length; i++) {
      if (i == env.length || env[i] == 0) {
        if (i - start == entry.length
            && java.util.Arrays.equals(env, start, i, entry, 0, entry.length)) {
          return true;
        }
        start = i + 1;
      }
    }
    return false;
  }

  /** TERM, {@code grace}, KILL; true when every leftover is gone. */
  static boolean kill(List<Long> pids, Duration grace) {
    List<ProcessHandle> handles =
        pids.stream().map(ProcessHandle::of).flatMap(java.util.Optional::stream).toList();
    return new ProcessKiller(new ProcState())
        .terminate("leftovers " + pids, handles, List::of, grace, KILL_WAIT)
        .isEmpty();
  }
}
