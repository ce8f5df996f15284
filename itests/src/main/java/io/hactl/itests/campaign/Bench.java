package io.hactl.itests.campaign;

import io.hactl.itests.cluster.ClusterOptions;
import io.hactl.itests.cluster.ClusterYaml;
import io.hactl.itests.cluster.TestCluster;
import io.hactl.itests.nemesis.FaultKind;
import io.hactl.itests.nemesis.FaultRecord;
import io.hactl.itests.nemesis.Nemesis;
import io.hactl.testkit.check.Checker;
import io.hactl.testkit.check.Timeline;
import io.hactl.testkit.check.Violation;
import io.hactl.testkit.support.HarnessException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * Failover figures: repeats a node crash of the owner, a daemon crash and a planned relocation R
 * times each and prints p50/p99/max of the time to recovery and of each part (session timeout,
 * fence agent, stop, start, and what is left for hactl itself), with the negotiated session timeout
 * and the machine.
 */
public final class Bench {
  private static final Duration RESTORE = Duration.ofSeconds(120);

  private Bench() {}

  public static void main(String[] argv) {
    Args a = new Args(argv, "bench.sh [--repeat R]");
    int repeat = a.integer("repeat", 10);
    int code = 0;
    try (LiveCluster live = LiveCluster.start(ClusterOptions.fromSystemProperties())) {
      List<FaultRecord> records = run(live, repeat);
      TestCluster c = live.cluster();
      Timeline t = c.timeline();
      List<Violation> violations = new Checker(c.options().maxBlind()).check(t);
      Figures f = new Figures(t, c.recorder().transitions(), c.fenceCalls(), live.session());
      List<Measurement> ms = new ArrayList<>();
      records.forEach(r -> f.measure(r).ifPresent(ms::add));
      String text = render(live, repeat, ms, violations);
      System.out.println(text);
      Campaign.write(c.run().dir().resolve("bench-report.txt"), text);
      code = violations.isEmpty() ? 0 : 1;
    } catch (HarnessException e) {
      System.err.println("bench aborted: " + e.getMessage());
      code = 2;
    }
    System.exit(code);
  }

  private static List<FaultRecord> run(LiveCluster live, int repeat) {
    Nemesis n = live.nemesis();
    TestCluster c = live.cluster();
    List<FaultRecord> out = new ArrayList<>();
    Map<String, List<Long>> kills = new HashMap<>();
    for (int i = 1; i <= repeat; i++) {
      String owner = c.awaitOwner(RESTORE);
      out.add(n.crashNode("bench " + i + " node crash", owner));
      n.restore(RESTORE);
      owner = c.awaitOwner(RESTORE);
      int prior = recentKills(kills, owner);
      if (prior < ClusterYaml.MAX_RESTARTS) {
        // Below the restart limit, so this kill must be restarted in place.
        out.addAll(n.crashDaemon("bench " + i + " daemon crash", owner, 1, prior));
        kills.computeIfAbsent(owner, k -> new ArrayList<>()).add(System.nanoTime());
        n.restore(RESTORE);
      }
      owner = c.awaitOwner(RESTORE);
      String target = next(c.nodeNames(), owner);
      out.add(n.relocate("bench " + i + " relocate", target));
      n.restore(RESTORE);
    }
    return out;
  }

  /** Daemon kills on {@code node} that may still count in its recovery policy's window. */
  private static int recentKills(Map<String, List<Long>> kills, String node) {
    long horizon = System.nanoTime() - ClusterYaml.RESTART_WINDOW.plusSeconds(15).toNanos();
    return (int) kills.getOrDefault(node, List.of()).stream().filter(t -> t > horizon).count();
  }

  private static String next(List<String> nodes, String node) {
    return nodes.get((nodes.indexOf(node) + 1) % nodes.size());
  }

  private static String render(
      LiveCluster live, int repeat, List<Measurement> ms, List<Violation> violations) {
    StringBuilder b = new StringBuilder();
    b.append(
        String.format(
            "hactl failover figures: %d repetitions, %d nodes, %s, negotiated session timeout %d"
                + " ms, %s%n",
            repeat,
            live.cluster().nodeNames().size(),
            live.cluster().isolation(),
            live.session().toMillis(),
            Machine.describe()));
    b.append(
        "all times in ms; 'hactl' = total - session timeout - fence agent - command - stop -"
            + " start\n");
    table(b, "node crash -> daemon running elsewhere", of(ms, FaultKind.NODE_CRASH));
    table(b, "daemon crash -> restarted in place", of(ms, FaultKind.DAEMON_CRASH));
    table(
        b,
        "planned relocate -> running on target (incl. CLI JVM start)",
        of(ms, FaultKind.RELOCATE));
    b.append("\nchecker: ")
        .append(violations.isEmpty() ? "no violations" : violations.size() + " violation(s)")
        .append('\n');
    violations.forEach(v -> b.append("  ").append(v).append('\n'));
    b.append("observer: ").append(live.cluster().observer().stats()).append('\n');
    b.append("run directory: ").append(live.cluster().run().dir()).append('\n');
    return b.toString();
  }

  private static List<Measurement> of(List<Measurement> ms, FaultKind k) {
    return ms.stream().filter(m -> m.kind() == k).toList();
  }

  private static void table(StringBuilder b, String title, List<Measurement> ms) {
    b.append('\n').append(title).append(":\n");
    row(b, "total", ms, Measurement::total);
    row(b, "session timeout", ms, Measurement::session);
    row(b, "fence agent", ms, Measurement::fence);
    row(b, "command (CLI+request)", ms, Measurement::request);
    row(b, "stop (old owner)", ms, Measurement::stop);
    row(b, "start (mount+daemon)", ms, Measurement::start);
    row(
        b,
        "hand-off (observed)",
        ms.stream().filter(m -> m.handoff() >= 0).toList(),
        Measurement::handoff);
    row(b, "hactl", ms, Measurement::hactl);
  }

  private static void row(
      StringBuilder b, String name, List<Measurement> ms, ToLongFunction<Measurement> f) {
    List<Long> v = ms.stream().map(f::applyAsLong).toList();
    b.append(String.format("  %-22s %s%n", name, new Percentiles(v).summary()));
  }
}
