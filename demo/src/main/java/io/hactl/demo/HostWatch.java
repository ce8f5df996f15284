package io.hactl.demo;

import io.hactl.demo.scheduler.LedgerLine;
import io.hactl.testkit.check.NodeState;
import io.hactl.testkit.check.Sample;
import io.hactl.testkit.observe.Observer;
import io.hactl.testkit.observe.ProcScanner;
import io.hactl.testkit.observe.Recorder;
import io.hactl.testkit.observe.Target;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Tells the story's other half, seen from outside the nodes as DESIGN rule 1 asks: which node has
 * the spool mounted and which runs a scheduler process, as the test kit's {@link Observer} reads
 * them from {@code /proc} (the same observer the multi-node tests use), what the ledger records,
 * and what the fence agent did (its log). A node's processes are those carrying its environment
 * tag. It prints every {@link #PERIOD}; a mount or process that lives less than {@link #SCAN} may
 * go unseen.
 */
final class HostWatch implements AutoCloseable {
  static final Duration PERIOD = Duration.ofMillis(100);

  /** How often the observer reads the process and mount tables. */
  static final Duration SCAN = Duration.ofMillis(50);

  /** A firing this much after its scheduled time is reported as a catch-up. */
  static final Duration LATE = Duration.ofSeconds(1);

  private final Isolation isolation;
  private final Timeline timeline;
  private final Observed observed;
  private final FileTail ledger;
  private final FileTail fenceLog;
  private final Recorder recorder = new Recorder();
  private final Observer observer;
  private final Map<String, Set<Long>> schedulers = new HashMap<>();
  private final Set<String> mounted = new TreeSet<>();
  private int samplesSeen;
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
    this.isolation = isolation;
    this.timeline = timeline;
    this.observed = observed;
    this.ledger = new FileTail(ws.ledger());
    this.fenceLog = new FileTail(ws.fenceLog());
    List<Target> targets =
        DemoConfig.NODES.stream()
            .map(n -> new Target(n, OptionalLong.empty(), nodes.tag(n), ws.mountpoint().toString()))
            .toList();
    ProcScanner scanner =
        new ProcScanner(
            targets,
            ProcScanner.arguments(JavaLauncher.SCHEDULER_MAIN, ws.spool(isolation).toString()));
    this.observer = new Observer(scanner, SCAN, recorder);
  }

  void start() {
    observer.start();
    thread.scheduleWithFixedDelay(this::pollSafely, 0, PERIOD.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** One last poll on the caller's thread after the watch stopped, so nothing goes unsaid. */
  void flush() {
    close();
    poll();
  }

  /** The one-owner check over everything the observer recorded so far. */
  OutsideView outside() {
    long end = Math.max(observer.lastScanNanos(), observer.startNanos());
    var t =
        recorder.timeline(
            observer.startNanos(), end, DemoConfig.NODES, List.of(), List.of(), List.of());
    return OutsideView.check(t, isolation == Isolation.MOUNT_NAMESPACES, observer.stats().scans());
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
    List<Sample> samples = recorder.samples();
    for (Sample s : samples.subList(samplesSeen, samples.size())) {
      changes(s);
    }
    samplesSeen = samples.size();
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

  /** Prints what changed on each node in sample {@code s}, at the time of its scan. */
  private void changes(Sample s) {
    Set<String> names = new TreeSet<>(s.nodes().keySet());
    names.addAll(schedulers.keySet());
    names.addAll(mounted);
    for (String n : names) {
      NodeState state = s.node(n);
      String who = n.equals(ProcScanner.OUTSIDE) ? "?" : n;
      Set<Long> before = schedulers.getOrDefault(n, Set.of());
      Set<Long> now = new TreeSet<>(state.daemons());
      for (long pid : before) {
        if (!now.contains(pid)) {
          // Missing from the scan after this sample's: seen gone then, not at the sample's time.
          long seen = Math.min(System.nanoTime(), s.nanos() + SCAN.toNanos());
          timeline.at(seen, who, "scheduler process gone (pid " + pid + ")");
        }
      }
      for (long pid : now) {
        if (!before.contains(pid)) {
          timeline.at(s.nanos(), who, "scheduler process up (pid " + pid + ")");
        }
      }
      schedulers.put(n, now);
      if (state.mountedAtScan() && mounted.add(n)) {
        timeline.at(s.nanos(), n, "spool mounted, in " + n + "'s mount namespace only");
      } else if (!state.mountedAtScan() && mounted.remove(n)) {
        timeline.at(s.nanos(), n, "spool no longer mounted on " + n);
      }
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
    observer.close();
    thread.shutdown();
    try {
      thread.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
