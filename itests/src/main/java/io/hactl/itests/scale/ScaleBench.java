package io.hactl.itests.scale;

import io.hactl.itests.campaign.Machine;
import io.hactl.itests.support.RunContext;
import io.hactl.testkit.support.HarnessException;
import io.hactl.testkit.support.Waits;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;

/**
 * The scale benchmark: N plain agents and M exec-only services against a three-server ensemble. It
 * measures, from outside hactl (the daemons in /proc, the agents' /proc status, the ensemble's
 * zxid): cold placement of every service once they are enabled, the agents' RSS and threads, the
 * ZooKeeper write rate at rest, and the failover of every service of a crashed agent. Prints
 * p50/p99/max with n and writes the figures as JSON. Exit 0 when every phase completed and no
 * service ever had two daemons at once, 1 otherwise, 2 when the run could not be set up.
 */
public final class ScaleBench {
  private static final long MS = 1_000_000L;
  private static final long POLL_MILLIS = 100;

  private final ScaleCluster c;
  private final ScaleOptions o;
  private final DaemonScan scan;
  private final ScaleReport report;
  private final Set<String> overlaps = new TreeSet<>();

  private ScaleBench(ScaleCluster c) {
    this.c = c;
    this.o = c.o;
    this.scan = new DaemonScan(c.cluster);
    this.report = new ScaleReport(o, Machine.describe(), c.run.dir());
  }

  public static void main(String[] argv) {
    int code;
    try (RunContext run = RunContext.create(RunContext.defaultBaseDir())) {
      ScaleOptions o = ScaleOptions.parse(argv, run.dir());
      ScaleBench b = new ScaleBench(new ScaleCluster(o, run));
      code = b.run();
    } catch (HarnessException | IllegalArgumentException e) {
      System.err.println("scale benchmark aborted: " + e.getMessage());
      code = 2;
    }
    System.exit(code);
  }

  private int run() {
    boolean complete = false;
    try {
      c.prepare();
      boot();
      complete = place() && rest() && failover();
    } finally {
      report.overlaps(overlaps);
      String text = report.text();
      System.out.println(text);
      write(c.run.dir().resolve("scale-report.txt"), text);
      write(o.json(), report.json());
      System.out.println("figures as JSON: " + o.json());
    }
    return complete && overlaps.isEmpty() ? 0 : 1;
  }

  /** Starts every agent with every service disabled and waits until all run. */
  private void boot() {
    long t0 = System.nanoTime();
    c.startAgents();
    await("every agent joined", () -> c.nodes().stream().allMatch(c::joined));
    report.boot((System.nanoTime() - t0) / MS);
    report.negotiated(c.negotiatedMillis(c.nodes().get(0)).orElse(-1));
    report.agents("idle (every service disabled)", AgentFigures.sample(c.livePids()));
    report.threadNames("idle", ThreadNames.of(c.pid(c.nodes().get(0))));
  }

  /** Enables every service at once; each one's time until its daemon is seen. */
  private boolean place() {
    Map<String, Long> first = new HashMap<>();
    long t0 = System.nanoTime();
    c.apply(true);
    report.applyMillis((System.nanoTime() - t0) / MS);
    int peakThreads = 0;
    long deadline = System.nanoTime() + o.timeout().toNanos();
    while (first.size() < o.services() && System.nanoTime() < deadline) {
      long now = System.nanoTime();
      for (var e : DaemonScan.byService(observe()).entrySet()) {
        first.putIfAbsent(e.getKey(), now);
      }
      for (var s : AgentFigures.sample(c.livePids())) {
        peakThreads = Math.max(peakThreads, s.threads());
      }
      pause(POLL_MILLIS);
    }
    report.placement(first.values().stream().map(t -> (t - t0) / MS).toList(), o.services());
    report.peakThreadsDuringPlacement(peakThreads);
    return first.size() == o.services();
  }

  /** Lets the cluster settle, then counts ZooKeeper writes (zxid growth) over the rest window. */
  private boolean rest() {
    pause(10_000);
    long z0 = c.zxid();
    long t0 = System.nanoTime();
    pause(o.rest().toMillis());
    long z1 = c.zxid();
    double seconds = (System.nanoTime() - t0) / 1e9;
    int running = DaemonScan.byService(observe()).size();
    report.rest(z1 - z0, seconds, c.livePids().size(), running);
    report.agents("at rest (every service running)", AgentFigures.sample(c.livePids()));
    report.threadNames("at rest", ThreadNames.of(c.livePids().get(0)));
    return z0 >= 0 && z1 >= 0 && running == o.services();
  }

  /** Crashes the agent owning the most services; each one's time until running elsewhere. */
  private boolean failover() {
    Map<String, List<String>> owners = DaemonScan.byService(observe());
    Map<String, Integer> owned = new HashMap<>();
    owners.values().forEach(n -> owned.merge(n.get(0), 1, Integer::sum));
    String victim =
        owned.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
    Set<String> lost = new TreeSet<>();
    owners.forEach(
        (s, n) -> {
          if (n.contains(victim)) {
            lost.add(s);
          }
        });
    double uptime0 = FenceLog.uptime();
    long t0 = System.nanoTime();
    c.crash(victim);
    Map<String, Long> back = new HashMap<>();
    long deadline = t0 + o.timeout().toNanos();
    while (back.size() < lost.size() && System.nanoTime() < deadline) {
      long now = System.nanoTime();
      DaemonScan.byService(observe())
          .forEach(
              (s, nodes) -> {
                if (lost.contains(s) && nodes.stream().anyMatch(n -> !n.equals(victim))) {
                  back.putIfAbsent(s, now);
                }
              });
      pause(POLL_MILLIS);
    }
    List<Long> fences = FenceLog.durationsSince(c.fenceLog, uptime0);
    report.failover(
        victim, lost.size(), back.values().stream().map(t -> (t - t0) / MS).toList(), fences);
    report.agents("after the failover", AgentFigures.sample(c.livePids()));
    return back.size() == lost.size();
  }

  /** One scan; any service seen twice is an overlap (never acceptable). */
  private List<DaemonScan.Daemon> observe() {
    List<DaemonScan.Daemon> seen = scan.scan();
    DaemonScan.byService(seen)
        .forEach(
            (s, nodes) -> {
              if (nodes.size() > 1) {
                overlaps.add(s + " on " + nodes);
              }
            });
    return seen;
  }

  private void await(String what, BooleanSupplier done) {
    Waits.until(what, o.timeout(), Duration.ofMillis(POLL_MILLIS), done);
  }

  private static void pause(long millis) {
    Waits.pause(Duration.ofMillis(millis));
  }

  private static void write(java.nio.file.Path file, String text) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Files.writeString(file, text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      System.err.println("cannot write " + file + ": " + e);
    }
  }
}
