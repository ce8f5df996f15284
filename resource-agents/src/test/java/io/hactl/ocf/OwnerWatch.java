package io.hactl.ocf;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The outside observer of the one-owner rule: which nodes run the demo scheduler or have the spool
 * mounted, read from the process and mount tables of each node's namespaces (not from the cluster's
 * belief), sampled every 200 ms in the background. A sample with two owners is a violation.
 */
final class OwnerWatch implements AutoCloseable {
  private static final String MAIN = "io.hactl.demo.scheduler.DemoScheduler";

  private final NodeNet net;
  private final int size;
  private final String mountpoint;
  private final List<String> violations = Collections.synchronizedList(new ArrayList<>());
  private final AtomicLong samples = new AtomicLong();
  private final ScheduledExecutorService sampler =
      Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "owner-watch"));

  OwnerWatch(NodeNet net, int size, Path mountpoint) {
    this.net = net;
    this.size = size;
    this.mountpoint = " " + mountpoint + " ";
    sampler.scheduleWithFixedDelay(this::sample, 0, 200, TimeUnit.MILLISECONDS);
  }

  private void sample() {
    Set<String> owners = owners();
    samples.incrementAndGet();
    if (owners.size() > 1) {
      violations.add(System.nanoTime() / 1_000_000 + " ms: owners " + owners);
    }
  }

  /** The nodes that run the scheduler or see the spool mounted, now. */
  Set<String> owners() {
    Set<String> owners = new TreeSet<>();
    for (int i = 1; i <= size; i++) {
      for (long pid : net.pids(net.nodeNs(i))) {
        if (isScheduler(pid) || mounted(pid)) {
          owners.add("n" + i);
          break;
        }
      }
    }
    return owners;
  }

  /** The scheduler's pid on node {@code i}, if it runs there. */
  Optional<Long> schedulerPid(int i) {
    return net.pids(net.nodeNs(i)).stream().filter(OwnerWatch::isScheduler).findFirst();
  }

  /**
   * When the scheduler on node {@code i} started, in seconds since boot (field 22 of
   * /proc/PID/stat, in clock ticks of 1/100 s on Linux), if it runs there.
   */
  Optional<Double> schedulerStart(int i) {
    return schedulerPid(i)
        .map(
            pid -> {
              try {
                String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                return Long.parseLong(f[19]) / 100.0;
              } catch (IOException e) {
                return null;
              }
            });
  }

  private static boolean isScheduler(long pid) {
    try {
      byte[] cmdline = Files.readAllBytes(Path.of("/proc/" + pid + "/cmdline"));
      return new String(cmdline, StandardCharsets.UTF_8).contains("\0" + MAIN + "\0");
    } catch (IOException e) {
      return false;
    }
  }

  private boolean mounted(long pid) {
    try {
      return Files.readString(Path.of("/proc/" + pid + "/mountinfo")).contains(mountpoint);
    } catch (IOException e) {
      return false;
    }
  }

  List<String> violations() {
    return List.copyOf(violations);
  }

  long samples() {
    return samples.get();
  }

  @Override
  public void close() {
    sampler.shutdownNow();
  }
}
