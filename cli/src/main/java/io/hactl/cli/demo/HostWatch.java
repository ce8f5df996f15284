package io.hactl.cli.demo;

import io.hactl.demo.scheduler.LedgerLine;
import io.hactl.resource.fs.MountTable;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Tells the story's other half, seen from outside the nodes as DESIGN rule 1 asks: which node has
 * the spool mounted (its mount table in {@code /proc}), which runs a scheduler process (the process
 * table), what the ledger records, and what the fence agent did (its log). It polls every {@link
 * #PERIOD} on its own thread and records one look per poll; a mount or process that lives less than
 * a period may go unseen.
 */
final class HostWatch implements AutoCloseable {
  static final Duration PERIOD = Duration.ofMillis(100);

  /** A firing this much after its scheduled time is reported as a catch-up. */
  static final Duration LATE = Duration.ofSeconds(1);

  private final DemoWorkspace ws;
  private final Isolation isolation;
  private final DemoNodes nodes;
  private final Timeline timeline;
  private final Observed observed;
  private final FileTail ledger;
  private final FileTail fenceLog;
  private final Path spool;
  private final Map<Long, String> schedulers = new HashMap<>();
  private final Set<String> mounted = new TreeSet<>();
  private final Map<String, String> namespaces = new HashMap<>();
  private final ScheduledExecutorService thread =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "demo-host-watch");
            t.setDaemon(true);
            return t;
          });

  HostWatch(
      DemoWorkspace ws,
      Isolation isolation,
      DemoNodes nodes,
      Timeline timeline,
      Observed observed) {
    this.ws = ws;
    this.isolation = isolation;
    this.nodes = nodes;
    this.timeline = timeline;
    this.observed = observed;
    this.ledger = new FileTail(ws.ledger());
    this.fenceLog = new FileTail(ws.fenceLog());
    this.spool = ws.spool(isolation);
  }

  void start() {
    thread.scheduleWithFixedDelay(this::pollSafely, 0, PERIOD.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** One last poll on the caller's thread after the watch stopped, so nothing goes unsaid. */
  void flush() {
    close();
    poll();
  }

  private void pollSafely() {
    try {
      poll();
    } catch (RuntimeException e) {
      timeline.now("demo", "host watch failed: " + e);
    }
  }

  private synchronized void poll() {
    long now = System.nanoTime();
    readFenceLog(now);
    Map<String, DemoNodes.Agent> agents = nodes.agents();
    agents.values().forEach(a -> a.mountNamespace().ifPresent(ns -> namespaces.put(ns, a.node())));
    Set<String> running = readSchedulers(now);
    Set<String> active = new TreeSet<>(running);
    if (isolation == Isolation.MOUNT_NAMESPACES) {
      active.addAll(readMounts(now, agents));
    }
    observed.looked(active);
    readLedger(now);
  }

  /**
   * Reports what the fence agent logged, now, from the caller's thread, as seen at {@code nanos}.
   */
  synchronized void readFenceLog(long nanos) {
    for (String line : fenceLog.next()) {
      // "HH:MM:SS.mmm fence_demo ACTION NODE: what it did"
      int space = line.indexOf(' ');
      timeline.at(nanos, "fence", space > 0 ? line.substring(space + 1) : line);
    }
  }

  private Set<String> readSchedulers(long now) {
    Map<Long, String> seen = new HashMap<>();
    for (long pid : ProcScan.withArguments(JavaLauncher.SCHEDULER_MAIN, spool.toString())) {
      seen.put(pid, nodeOf(pid));
    }
    for (var e : schedulers.entrySet()) {
      if (!seen.containsKey(e.getKey())) {
        timeline.at(now, e.getValue(), "scheduler process gone (pid " + e.getKey() + ")");
      }
    }
    for (var e : seen.entrySet()) {
      if (!schedulers.containsKey(e.getKey())) {
        timeline.at(now, e.getValue(), "scheduler process up (pid " + e.getKey() + ")");
      }
    }
    schedulers.clear();
    schedulers.putAll(seen);
    return new HashSet<>(seen.values());
  }

  /** The node a process belongs to: by its mount namespace, or by its environment tag. */
  private String nodeOf(long pid) {
    if (isolation == Isolation.MOUNT_NAMESPACES) {
      return ProcScan.mountNamespace(pid).map(namespaces::get).orElse("?");
    }
    for (String n : DemoConfig.NODES) {
      if (ProcScan.hasEnvironment(pid, nodes.tag(n))) {
        return n;
      }
    }
    return "?";
  }

  private Set<String> readMounts(long now, Map<String, DemoNodes.Agent> agents) {
    Set<String> seen = new TreeSet<>();
    for (DemoNodes.Agent a : agents.values()) {
      if (mountedIn(a.pid())) {
        seen.add(a.node());
      }
    }
    for (var e : schedulers.entrySet()) {
      if (mountedIn(e.getKey())) {
        seen.add(e.getValue());
      }
    }
    for (String n : mounted) {
      if (!seen.contains(n)) {
        timeline.at(now, n, "spool no longer mounted on " + n);
      }
    }
    for (String n : seen) {
      if (!mounted.contains(n)) {
        timeline.at(now, n, "spool mounted, in " + n + "'s mount namespace only");
      }
    }
    mounted.clear();
    mounted.addAll(seen);
    return seen;
  }

  private boolean mountedIn(long pid) {
    try {
      return MountTable.ofPid(pid).find(ws.mountpoint()).isPresent();
    } catch (UncheckedIOException e) {
      return false; // the process is gone
    }
  }

  private void readLedger(long now) {
    List<String> lines = ledger.next();
    for (String text : lines) {
      Optional<LedgerLine> line = LedgerLine.parse(text);
      if (line.isEmpty()) {
        timeline.at(now, "demo", "unreadable ledger line: " + text);
        continue;
      }
      LedgerLine l = line.get();
      boolean late = l.lateness().compareTo(LATE) > 0;
      if (observed.fired(l.node(), l.epoch(), late, now)) {
        timeline.at(
            now,
            l.node(),
            "first job fired (epoch "
                + l.epoch()
                + ")"
                + (late
                    ? ", " + l.lateness().toMillis() + " ms late: catching up the outage"
                    : ""));
      }
    }
  }

  @Override
  public void close() {
    thread.shutdown();
    try {
      thread.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
