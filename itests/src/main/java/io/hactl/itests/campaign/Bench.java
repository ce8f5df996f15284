package io.hactl.itests.campaign;

import io.hactl.itests.cluster.ClusterOptions;
import io.hactl.itests.cluster.ClusterYaml;
import io.hactl.itests.cluster.TestCluster;
import io.hactl.itests.nemesis.FaultRecord;
import io.hactl.itests.nemesis.Nemesis;
import io.hactl.testkit.check.Checker;
import io.hactl.testkit.check.Timeline;
import io.hactl.testkit.check.Violation;
import io.hactl.testkit.support.HarnessException;
import io.hactl.testkit.support.Waits;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Failover figures: repeats a node crash of the owner, a silent partition of the owner from
 * ZooKeeper and a planned relocation R times, then kills the daemon N times (each restarted in
 * place), and prints p50/p99/max with n of the time to recovery and of each part (session timeout,
 * fence agent, stop, start, and what is left for hactl itself), with the negotiated session timeout
 * and the machine. Writes the figures as JSON and, when asked, the failover phases as an SVG.
 */
public final class Bench {
  private static final Duration RESTORE = Duration.ofSeconds(120);

  private Bench() {}

  public static void main(String[] argv) {
    Args a =
        new Args(
            argv, "bench.sh [--repeat 10] [--restarts 50] [--json FILE] [--svg FILE] [--title T]");
    int repeat = a.integer("repeat", 10);
    int restarts = a.integer("restarts", 50);
    Path json = Path.of(a.string("json", "itests/target/bench.json"));
    String svg = a.string("svg", "");
    int code;
    try (LiveCluster live = LiveCluster.start(ClusterOptions.fromSystemProperties())) {
      List<FaultRecord> records = new ArrayList<>(failovers(live, repeat));
      records.addAll(restarts(live, restarts));
      TestCluster c = live.cluster();
      Timeline t = c.timeline();
      List<Violation> violations = new Checker(c.options().maxBlind()).check(t);
      Figures f =
          new Figures(
              t,
              c.recorder().transitions(),
              c.fenceCalls(),
              live.session(),
              SessionExpiries.read(c.run().dir().resolve("zk")));
      List<Measurement> ms = new ArrayList<>();
      records.forEach(r -> f.measure(r).ifPresent(ms::add));
      BenchReport report = new BenchReport(live, repeat, ms, violations);
      String text = report.text();
      System.out.println(text);
      Campaign.write(c.run().dir().resolve("bench-report.txt"), text);
      Campaign.write(json, report.json());
      System.out.println("figures: " + json.toAbsolutePath());
      if (!svg.isEmpty()) {
        Campaign.write(Path.of(svg), PhaseChart.svg(report, a.string("title", "")));
        System.out.println("phases: " + Path.of(svg).toAbsolutePath());
      }
      code = violations.isEmpty() ? 0 : 1;
    } catch (HarnessException e) {
      System.err.println("bench aborted: " + e.getMessage());
      code = 2;
    }
    System.exit(code);
  }

  private static List<FaultRecord> failovers(LiveCluster live, int repeat) {
    Nemesis n = live.nemesis();
    TestCluster c = live.cluster();
    Duration beyondSession = live.session().plusSeconds(3);
    List<FaultRecord> out = new ArrayList<>();
    for (int i = 1; i <= repeat; i++) {
      String owner = c.awaitOwner(RESTORE);
      out.add(n.crashNode("bench " + i + " node crash", owner));
      n.restore(RESTORE);
      owner = c.awaitOwner(RESTORE);
      out.add(n.partition("bench " + i + " partition", owner, beyondSession));
      n.restore(RESTORE);
      owner = c.awaitOwner(RESTORE);
      String target = next(c.nodeNames(), owner);
      out.add(n.relocate("bench " + i + " relocate", target));
      n.restore(RESTORE);
    }
    return out;
  }

  /**
   * {@code count} daemon kills on the owner, each restarted in place: a kill waits until fewer than
   * the policy's restarts remain in its window (plus 2s for the agent's own clock).
   */
  private static List<FaultRecord> restarts(LiveCluster live, int count) {
    Nemesis n = live.nemesis();
    TestCluster c = live.cluster();
    long window = ClusterYaml.RESTART_WINDOW.plusSeconds(2).toNanos();
    Deque<Long> kills = new ArrayDeque<>();
    String last = null;
    List<FaultRecord> out = new ArrayList<>();
    for (int i = 1; i <= count; i++) {
      String owner = c.awaitOwner(RESTORE);
      if (!owner.equals(last)) {
        kills.clear();
        last = owner;
      }
      while (!kills.isEmpty() && System.nanoTime() - kills.peekFirst() > window) {
        kills.removeFirst();
      }
      if (kills.size() >= ClusterYaml.MAX_RESTARTS) {
        long wait = window - (System.nanoTime() - kills.removeFirst());
        Waits.pause(Duration.ofNanos(Math.max(0, wait)));
      }
      out.addAll(n.crashDaemon("bench restart " + i, owner, 1, kills.size()));
      kills.addLast(System.nanoTime());
      n.restore(RESTORE);
    }
    return out;
  }

  private static String next(List<String> nodes, String node) {
    return nodes.get((nodes.indexOf(node) + 1) % nodes.size());
  }
}
