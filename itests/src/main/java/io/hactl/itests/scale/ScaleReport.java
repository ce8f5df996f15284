package io.hactl.itests.scale;

import io.hactl.itests.campaign.Percentiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The scale benchmark's figures, as text for people and as JSON. Durations in ms; memory in MiB.
 */
final class ScaleReport {
  private final ScaleOptions o;
  private final String machine;
  private final Path runDir;
  private final Map<String, Object> json = new LinkedHashMap<>();
  private final List<String> lines = new ArrayList<>();

  ScaleReport(ScaleOptions o, String machine, Path runDir) {
    this.o = o;
    this.machine = machine;
    this.runDir = runDir;
    json.put("agents", o.agents());
    json.put("services", o.services());
    json.put("domainWidth", o.domainWidth());
    json.put("sessionTimeoutRequestedMs", o.session().toMillis());
    json.put("agentJvmOptions", String.join(" ", o.agentJvmOptions()));
    json.put("machine", machine);
    json.put("loadAverage", loadAverage());
  }

  void boot(long ms) {
    json.put("agentsJoinedMs", ms);
    lines.add(String.format("agents started and joined: %d ms (all %d at once)", ms, o.agents()));
  }

  void negotiated(long ms) {
    json.put("sessionTimeoutNegotiatedMs", ms);
  }

  void agents(String when, List<AgentFigures.Sample> samples) {
    var rss = new Percentiles(samples.stream().map(s -> s.rssKiB() / 1024).toList());
    var threads = new Percentiles(samples.stream().map(s -> (long) s.threads()).toList());
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("rssMiB", figures(rss));
    m.put("threads", figures(threads));
    json.put("agents " + when, m);
    lines.add("agent RSS MiB, " + when + ":      " + rss.summary());
    lines.add("agent threads, " + when + ":      " + threads.summary());
  }

  void threadNames(String when, Map<String, Integer> names) {
    json.put("threads of one agent " + when, names);
    lines.add("threads of one agent " + when + ", by name: " + names);
  }

  void applyMillis(long ms) {
    json.put("configApplyMs", ms);
  }

  void placement(List<Long> ms, int services) {
    var p = new Percentiles(ms);
    json.put("coldPlacementMs", figures(p));
    json.put("placedServices", ms.size());
    lines.add(
        String.format(
            "cold placement, config apply (CLI JVM start included, %d ms) -> daemon seen, %d of %d"
                + " services: %s  (target: all <= 10000)",
            json.get("configApplyMs"), ms.size(), services, p.summary()));
  }

  void peakThreadsDuringPlacement(int peak) {
    json.put("peakAgentThreadsDuringPlacement", peak);
    lines.add("most threads of one agent during placement: " + peak);
  }

  void rest(long writes, double seconds, int agents, int running) {
    double perAgent = agents == 0 ? 0 : writes / seconds / agents;
    json.put("restWrites", writes);
    json.put("restSeconds", Math.round(seconds));
    json.put("restWritesPerAgentPerSecond", perAgent);
    json.put("runningAtRest", running);
    lines.add(
        String.format(
            "ZooKeeper writes at rest: %d in %.0f s (zxid growth), %.3f per agent per second;"
                + " %d services running",
            writes, seconds, perAgent, running));
  }

  void failover(String victim, int lost, List<Long> ms, List<Long> fences) {
    var p = new Percentiles(ms);
    long fenceMax = new Percentiles(fences).max();
    json.put("fenceCalls", fences.size());
    long session = ((Number) json.getOrDefault("sessionTimeoutNegotiatedMs", -1L)).longValue();
    long budget = session + Math.max(0, fenceMax) + 2000;
    json.put("victim", victim);
    json.put("victimServices", lost);
    json.put("failoverMs", figures(p));
    json.put("recoveredServices", ms.size());
    json.put("fenceCallMaxMs", fenceMax);
    json.put("failoverBudgetMs", budget);
    lines.add(
        String.format(
            "agent %s crashed (KILL of the agent and its daemons), %d services -> running"
                + " elsewhere, %d recovered: %s",
            victim, lost, ms.size(), p.summary()));
    lines.add(
        String.format(
            "  fence calls: %d, slowest %d ms; budget session %d + slowest fence call + 2000 = %d"
                + " ms: %s",
            fences.size(),
            fenceMax,
            session,
            budget,
            p.max() >= 0 && p.max() <= budget ? "met" : "NOT met"));
  }

  void overlaps(Set<String> overlaps) {
    json.put("overlaps", List.copyOf(overlaps));
    lines.add(
        overlaps.isEmpty()
            ? "one-owner check: no service ever seen running twice"
            : "ONE-OWNER VIOLATIONS: " + overlaps);
  }

  String text() {
    StringBuilder b = new StringBuilder();
    b.append(
        String.format(
            "hactl scale figures: %d agents, %d services, domain width %d, session timeout %s"
                + " (negotiated %s ms), %s, load average before %s%n",
            o.agents(),
            o.services(),
            o.domainWidth(),
            o.session(),
            json.getOrDefault("sessionTimeoutNegotiatedMs", "?"),
            machine,
            json.get("loadAverage")));
    b.append("agent JVM: ").append(String.join(" ", o.agentJvmOptions())).append('\n');
    lines.forEach(l -> b.append(l).append('\n'));
    b.append("run directory: ").append(runDir).append('\n');
    return b.toString();
  }

  String json() {
    return write(json) + "\n";
  }

  private static Map<String, Object> figures(Percentiles p) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("n", p.count());
    m.put("p50", p.at(0.5));
    m.put("p99", p.at(0.99));
    m.put("max", p.max());
    return m;
  }

  private static String loadAverage() {
    try {
      return java.nio.file.Files.readString(Path.of("/proc/loadavg")).trim();
    } catch (java.io.IOException e) {
      return "?";
    }
  }

  private static String write(Object v) {
    if (v instanceof Map<?, ?> m) {
      List<String> parts = new ArrayList<>();
      m.forEach((k, x) -> parts.add(quote(String.valueOf(k)) + ": " + write(x)));
      return "{" + String.join(", ", parts) + "}";
    }
    if (v instanceof List<?> l) {
      return "[" + String.join(", ", l.stream().map(ScaleReport::write).toList()) + "]";
    }
    if (v instanceof Number || v instanceof Boolean) {
      return String.valueOf(v);
    }
    return quote(String.valueOf(v));
  }

  private static String quote(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (char ch : s.toCharArray()) {
      switch (ch) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        default -> b.append(ch < 0x20 ? String.format("\\u%04x", (int) ch) : String.valueOf(ch));
      }
    }
    return b.append('"').toString();
  }
}
