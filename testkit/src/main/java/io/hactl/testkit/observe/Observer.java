package io.hactl.testkit.observe;

import io.hactl.testkit.check.Gap;
import io.hactl.testkit.check.NodeState;
import io.hactl.testkit.check.Sample;
import io.hactl.testkit.observe.ProcScanner.RawNode;
import io.hactl.testkit.support.Shell;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outside observer: a thread that scans every node's process and mount tables at a fixed period
 * and records, for each pair of consecutive scans, what was present in both (see {@link
 * NodeState}). A late or failed scan leaves a {@link Gap}. It sees only what lasts at least one
 * period; what it records is evidence, not hactl's belief.
 */
public final class Observer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Observer.class);

  private final ProcScanner scanner;
  private final long periodNanos;
  private final Recorder recorder;
  private final ObserverStats stats = new ObserverStats();
  private final Thread thread;
  private volatile boolean running = true;
  private volatile long startNanos;
  private volatile long lastScanNanos;

  public Observer(ProcScanner scanner, Duration period, Recorder recorder) {
    this.scanner = scanner;
    this.periodNanos = period.toNanos();
    this.recorder = recorder;
    this.thread = new Thread(this::loop, "observer");
    this.thread.setDaemon(true);
    this.thread.setPriority(Thread.MAX_PRIORITY);
  }

  /** Starts scanning; returns once the first scan is done. */
  public void start() {
    startNanos = System.nanoTime();
    thread.start();
    while (stats.scans() == 0 && thread.isAlive()) {
      LockSupport.parkNanos(periodNanos);
    }
  }

  public long startNanos() {
    return startNanos;
  }

  /** Start time of the latest completed scan (its sample is recorded once the next one ends). */
  public long lastScanNanos() {
    return lastScanNanos;
  }

  /**
   * Asks the kernel to run this thread before ordinary work (SCHED_FIFO through {@code chrt}), so
   * that a busy machine delays scans less; a scan takes about a millisecond every period, so this
   * cannot starve anything. Best effort: without the privilege it only logs.
   */
  private static void raisePriority() {
    try {
      String self = Files.readSymbolicLink(Path.of("/proc/thread-self")).toString();
      String tid = self.substring(self.lastIndexOf('/') + 1);
      var r = new Shell(Duration.ofSeconds(5)).tryRun(List.of("chrt", "-f", "-p", "10", tid));
      if (!r.succeeded()) {
        LOG.warn("observer keeps normal scheduling: {}", r.describe());
      }
    } catch (java.io.IOException | RuntimeException e) {
      LOG.warn("observer keeps normal scheduling: {}", e.toString());
    }
  }

  private void loop() {
    raisePriority();
    long prevT = 0;
    Map<String, RawNode> prev = null;
    long next = System.nanoTime();
    while (running) {
      long t = System.nanoTime();
      Map<String, RawNode> raw;
      try {
        raw = scanner.scan();
      } catch (RuntimeException e) {
        LOG.warn("scan failed: {}", e.toString());
        raw = null;
      }
      long done = System.nanoTime();
      if (raw != null) {
        stats.scan(done - t, prev == null ? 0 : t - prevT);
        if (prev != null) {
          if (t - prevT > 2 * periodNanos) {
            recorder.gap(new Gap(prevT, t));
          }
          recorder.sample(new Sample(prevT, confirm(prev, raw)));
        }
        prev = raw;
        prevT = t;
        lastScanNanos = t;
      }
      next += periodNanos;
      long now = System.nanoTime();
      if (next < now) {
        next = now;
      } else {
        LockSupport.parkNanos(next - now);
      }
    }
  }

  /** What was present in both scans, per node. */
  static Map<String, NodeState> confirm(Map<String, RawNode> a, Map<String, RawNode> b) {
    Set<String> names = new HashSet<>(a.keySet());
    names.addAll(b.keySet());
    Map<String, NodeState> out = new LinkedHashMap<>();
    RawNode none = new RawNode(false, Set.of());
    for (String n : names) {
      RawNode x = a.getOrDefault(n, none);
      RawNode y = b.getOrDefault(n, none);
      Set<Long> both = new HashSet<>(x.daemons());
      both.retainAll(y.daemons());
      NodeState s = new NodeState(x.mounted(), y.mounted(), List.copyOf(both));
      if (!s.equals(NodeState.IDLE) || !n.equals(ProcScanner.OUTSIDE)) {
        out.put(n, s);
      }
    }
    return out;
  }

  public ObserverStats stats() {
    return stats;
  }

  /** Stops scanning and waits for the thread to end. */
  @Override
  public void close() {
    running = false;
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
