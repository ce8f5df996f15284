package io.hactl.itests.campaign;

import io.hactl.itests.cluster.ClusterYaml;
import io.hactl.itests.nemesis.FaultKind;
import io.hactl.testkit.check.Violation;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;

/** The benchmark's figures: as text for people and as JSON for tools and {@link PhaseChart}. */
final class BenchReport {
  /** A measured scenario: its fault kind and title. */
  record Scenario(FaultKind kind, String title) {}

  static final List<Scenario> SCENARIOS =
      List.of(
          new Scenario(FaultKind.NODE_CRASH, "node crash -> daemon running elsewhere"),
          new Scenario(FaultKind.PARTITION, "owner partitioned -> daemon running elsewhere"),
          new Scenario(FaultKind.DAEMON_CRASH, "daemon crash -> restarted in place"),
          new Scenario(
              FaultKind.RELOCATE, "planned relocate -> running on target (incl. CLI JVM start)"));

  /** The parts of a measurement, in the order they are printed. */
  static final Map<String, ToLongFunction<Measurement>> PARTS = parts();

  private final LiveCluster live;
  private final int repeat;
  private final List<Measurement> ms;
  private final List<Violation> violations;

  BenchReport(LiveCluster live, int repeat, List<Measurement> ms, List<Violation> violations) {
    this.live = live;
    this.repeat = repeat;
    this.ms = List.copyOf(ms);
    this.violations = List.copyOf(violations);
  }

  private static Map<String, ToLongFunction<Measurement>> parts() {
    Map<String, ToLongFunction<Measurement>> p = new LinkedHashMap<>();
    p.put("total", Measurement::total);
    p.put("until session expired", Measurement::session);
    p.put("fence agent", Measurement::fence);
    p.put("command (CLI+request)", Measurement::request);
    p.put("stop (old owner)", Measurement::stop);
    p.put("start (mount+daemon)", Measurement::start);
    p.put("hand-off (observed)", Measurement::handoff);
    p.put("hactl", Measurement::hactl);
    p.put("own share", Measurement::own);
    return p;
  }

  List<Measurement> of(FaultKind k) {
    return ms.stream().filter(m -> m.kind() == k).toList();
  }

  /** The run whose total is the median of {@code k}'s, or null without runs. */
  Measurement median(FaultKind k) {
    List<Measurement> s =
        of(k).stream().sorted(Comparator.comparingLong(Measurement::total)).toList();
    return s.isEmpty() ? null : s.get((s.size() - 1) / 2);
  }

  long sessionMillis() {
    return live.session().toMillis();
  }

  String machine() {
    return Machine.describe();
  }

  private static Percentiles percentiles(List<Measurement> ms, String part) {
    List<Measurement> use =
        part.equals("hand-off (observed)")
            ? ms.stream().filter(m -> m.handoff() >= 0).toList()
            : ms;
    return new Percentiles(use.stream().map(PARTS.get(part)::applyAsLong).toList());
  }

  String text() {
    StringBuilder b = new StringBuilder();
    b.append(
        String.format(
            "hactl failover figures: %d repetitions, %d nodes, %s, negotiated session timeout %d"
                + " ms, %s, %s%n",
            repeat,
            live.cluster().nodeNames().size(),
            live.cluster().isolation(),
            sessionMillis(),
            ClusterYaml.productDefaults()
                ? "hactl's default timings"
                : "timings set in the configuration",
            machine()));
    b.append(
        "all times in ms; 'until session expired' from ZooKeeper's log; 'hactl' = total - until"
            + " session expired - fence agent - command - stop - start; 'own share' = hactl +"
            + " start (expiry to daemon running, minus the fence agent)\n");
    for (Scenario s : SCENARIOS) {
      b.append('\n').append(s.title()).append(":\n");
      List<Measurement> list = of(s.kind());
      for (String part : PARTS.keySet()) {
        b.append(String.format("  %-22s %s%n", part, percentiles(list, part).summary()));
      }
    }
    b.append("\nchecker: ")
        .append(violations.isEmpty() ? "no violations" : violations.size() + " violation(s)")
        .append('\n');
    violations.forEach(v -> b.append("  ").append(v).append('\n'));
    b.append("observer: ").append(live.cluster().observer().stats()).append('\n');
    b.append("run directory: ").append(live.cluster().run().dir()).append('\n');
    return b.toString();
  }

  String json() {
    StringBuilder b = new StringBuilder("{\n");
    b.append("  \"machine\": ").append(quote(machine())).append(",\n");
    b.append("  \"isolation\": ")
        .append(quote(live.cluster().isolation().toString()))
        .append(",\n");
    b.append("  \"nodes\": ").append(live.cluster().nodeNames().size()).append(",\n");
    b.append("  \"sessionTimeoutMs\": ").append(sessionMillis()).append(",\n");
    b.append("  \"hactlDefaults\": ").append(ClusterYaml.productDefaults()).append(",\n");
    b.append("  \"repeat\": ").append(repeat).append(",\n");
    b.append("  \"violations\": ").append(violations.size()).append(",\n");
    b.append("  \"scenarios\": [\n");
    for (int i = 0; i < SCENARIOS.size(); i++) {
      Scenario s = SCENARIOS.get(i);
      List<Measurement> list = of(s.kind());
      b.append("    {\"kind\": ").append(quote(s.kind().name()));
      b.append(", \"title\": ").append(quote(s.title()));
      b.append(", \"n\": ").append(list.size()).append(", \"ms\": {\n");
      int j = 0;
      for (String part : PARTS.keySet()) {
        Percentiles p = percentiles(list, part);
        b.append(
            String.format(
                "      %s: {\"n\": %d, \"p50\": %d, \"p99\": %d, \"max\": %d}%s%n",
                quote(part),
                p.count(),
                p.at(0.5),
                p.at(0.99),
                p.max(),
                ++j < PARTS.size() ? "," : ""));
      }
      b.append("    }}").append(i + 1 < SCENARIOS.size() ? "," : "").append('\n');
    }
    b.append("  ]\n}\n");
    return b.toString();
  }

  static String quote(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        default -> {
          if (c < 0x20) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.append('"').toString();
  }
}
