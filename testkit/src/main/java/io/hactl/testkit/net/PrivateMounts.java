package io.hactl.testkit.net;

import io.hactl.testkit.support.HarnessException;
import io.hactl.testkit.support.Procfs;
import io.hactl.testkit.support.Waits;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * A node's private mount namespace: the command prefix that gives a program one ({@code unshare -m
 * --propagation private}, so a bind mount made inside is seen by no one else), and the wait until a
 * started program really has it. Needs root (or a user namespace, {@link #AS_USER}).
 */
public final class PrivateMounts {
  /** Prefix for root: a new mount namespace whose mounts do not propagate back. */
  public static final List<String> AS_ROOT = List.of("unshare", "-m", "--propagation", "private");

  /** Prefix for a normal user: the same inside a new user namespace mapped to root. */
  public static final List<String> AS_USER =
      List.of("unshare", "-U", "-r", "-m", "--propagation", "private");

  private PrivateMounts() {}

  /** {@code prefix} followed by {@code command}. */
  public static List<String> wrap(List<String> prefix, List<String> command) {
    List<String> all = new ArrayList<>(prefix);
    all.addAll(command);
    return all;
  }

  /**
   * Waits until {@code process} has left this JVM's mount namespace and returns the inode of its
   * own. Until then its namespace is ours: whatever kills "the node's processes" by namespace would
   * kill this machine's.
   *
   * @throws HarnessException when the process exits first or {@code timeout} passes
   */
  public static long awaitOwn(Process process, Duration timeout) {
    long ours =
        Procfs.namespace(ProcessHandle.current().pid(), "mnt")
            .orElseThrow(() -> new HarnessException("cannot read our own mount namespace"));
    long[] seen = {-1};
    Waits.until(
        "pid " + process.pid() + " in its own mount namespace (did unshare fail?)",
        timeout,
        Duration.ofMillis(5),
        () -> {
          OptionalLong ns = Procfs.namespace(process.pid(), "mnt");
          if (ns.isPresent() && ns.getAsLong() != ours) {
            seen[0] = ns.getAsLong();
            return true;
          }
          if (!process.isAlive()) {
            throw new HarnessException(
                "pid " + process.pid() + " exited before it had its own mount namespace");
          }
          return false;
        });
    return seen[0];
  }
}
